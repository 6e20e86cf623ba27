import { z } from 'zod';

/** The If-Match header of PUT and DELETE on one catalog item, for the OpenAPI document. */
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({
      description:
        'The ETag of a GET of this item (or several, comma-separated, or *): the write happens only if the item is still that, else 412. Without it the write is unconditional.',
      example: '"5e-2Lw0A1D3cUdDxmPvUqvcZ0MdqcI"',
    }),
});
