import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { placeOrderHeaders } from '../../interfaces/http/ordering/order.schemas.js';

const keyRule = '1 to 255 printable ASCII characters, no spaces';
const accepts = (key: string) => placeOrderHeaders.safeParse({ 'idempotency-key': key }).success;

describe('the Idempotency-Key rule is the same in the server, the OpenAPI document and the README', () => {
  it('the server takes printable ASCII without spaces, up to 255', () => {
    expect(accepts('!~order-1')).toBe(true);
    expect(accepts('x'.repeat(255))).toBe(true);
    expect(accepts('x'.repeat(256))).toBe(false);
    expect(accepts('order 1')).toBe(false);
    expect(accepts('café')).toBe(false);
  });

  it('the OpenAPI description and the README say so', async () => {
    expect(placeOrderHeaders.shape['idempotency-key'].meta()?.description).toContain(keyRule);
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`Idempotency-Key\` (${keyRule}`);
  });
});
