import { isIP } from 'node:net';
import { z } from 'zod';
import type { TrustProxy } from '../interfaces/http/abuse/abuse-settings.js';

// The schemas of the CORS, proxy, rate-limit and Redis keys; src/config.ts reads them with the rest.

/** A non-negative whole number of requests; 0 turns the limit off. */
export const requestLimit = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 1_000_000_000, `${name} must be a whole number of requests (0 turns the limit off)`)
    .transform(Number);

/** `https://shop.example.com,http://localhost:5173`: each an exact origin, with no path. */
export const corsOrigins = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const origins = text.split(',').map((part) => part.trim()).filter(Boolean);
    for (const origin of origins) {
      if (!isOrigin(origin)) {
        ctx.addIssue({ code: 'custom', message: `CORS_ORIGINS: ${origin} is not an origin: expected scheme://host[:port] with no path, e.g. https://shop.example.com` });
        return z.NEVER;
      }
    }
    return [...new Set(origins)];
  });

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    // URL.origin is the canonical spelling; a path, a trailing slash, a query or upper case all differ from it.
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

/** What Express's `trust proxy` takes: true/false, a hop count, or addresses and CIDRs (and its names loopback, linklocal, uniquelocal). */
export const trustProxy = z
  .string()
  .default('false')
  .transform((text, ctx): TrustProxy => {
    const value = text.trim().toLowerCase();
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = text.split(',').map((part) => part.trim()).filter(Boolean);
    const bad = entries.find((entry) => !isProxyAddress(entry));
    if (entries.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY: ${bad ?? text} is not a proxy: expected true, false, a hop count, or comma-separated addresses or CIDRs (10.0.0.0/8)`,
      });
      return z.NEVER;
    }
    return entries;
  });

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** redis://[user:password@]host:6379[/db] or rediss:// for TLS. */
export const redisUrl = z
  .string()
  .optional()
  .refine((text) => text === undefined || /^rediss?:\/\/[^/]/.test(text), 'REDIS_URL must look like redis://host:6379 (or rediss:// for TLS)');
