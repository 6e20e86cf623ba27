import { z } from 'zod';

// C0 (NUL, tab, newline, ESC...), DEL and C1: invisible in a name, and NUL cuts strings short in C.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// Half of a UTF-16 pair has no UTF-8 form: the database would keep U+FFFD, not what was answered.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** The rule of every text field: no control characters, no lone surrogates. Give it `z.string().trim()` to trim first. */
export function plainText(schema: z.ZodString = z.string()): z.ZodString {
  return schema
    .refine((text) => !CONTROL_CHARACTER.test(text), { error: 'must not contain control characters', abort: true })
    .refine((text) => !LONE_SURROGATE.test(text), { error: 'must not contain a lone UTF-16 surrogate', abort: true });
}
