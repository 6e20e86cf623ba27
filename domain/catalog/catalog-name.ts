import { InvalidInputError } from '../shared/domain-error.js';

export const MAX_NAME_LENGTH = 255;

/** Names are trimmed; an empty or over-long name is rejected rather than cut. */
export function catalogName(raw: string, field: string): string {
  const name = raw.trim();
  if (name.length === 0) throw new InvalidInputError(field, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw new InvalidInputError(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}
