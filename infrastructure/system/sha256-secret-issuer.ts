import { createHash, randomBytes } from 'node:crypto';
import type { IssuedSecret, SecretIssuer, SecretKind } from '../../domain/access/secret-issuer.js';

/** 32 random bytes in base64url: 43 characters after the `ek_` or `ot_` marker. */
const SECRET = /^(ek|ot)_[A-Za-z0-9_-]{43}$/;

/**
 * Secrets are 256 random bits, so a plain SHA-256 digest is the right store for them: a slow
 * password hash (bcrypt, scrypt) protects guessable secrets against brute force, and nothing can
 * brute-force 2^256. A fast digest also lets us find a key by its digest in one indexed lookup
 * per request, where a salted slow hash would cost tens of milliseconds of CPU each time.
 */
export class Sha256SecretIssuer implements SecretIssuer {
  issue(kind: SecretKind): IssuedSecret {
    const secret = `${kind}_${randomBytes(32).toString('base64url')}`;
    return { secret, digest: this.digest(secret) };
  }

  digest(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }

  kindOf(secret: string): SecretKind | null {
    const match = SECRET.exec(secret);
    return match ? (match[1] as SecretKind) : null;
  }
}
