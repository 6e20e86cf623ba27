// What a body field accepts and refuses, and a bad value with its reason.
import fc from 'fast-check';
import { because, type Reason } from './reasons.js';

export interface Bad {
  readonly value: unknown;
  readonly reason: Reason;
}

export const bad = (why: string, values: fc.Arbitrary<unknown>, lookup = false): fc.Arbitrary<Bad> => values.map((value) => ({ value, reason: because(why, lookup) }));

export interface FieldModel {
  /** Values the field accepts; absent when they are not known (a route without a model). */
  readonly valid?: fc.Arbitrary<unknown>;
  /** Values it refuses; absent when none is known (a field of any type on a route without a model). */
  readonly invalid?: fc.Arbitrary<Bad>;
}

/** Puts `item` at `position` (modulo the length + 1) of `list`. */
export const insertAt = <T>(list: readonly T[], item: T, position: number): T[] => {
  const at = position % (list.length + 1);
  return [...list.slice(0, at), item, ...list.slice(at)];
};
