/** A new bearer secret, and the digest that is all we store of it. */
export interface IssuedSecret {
  readonly secret: string;
  readonly digest: string;
}

/** `ek` marks admin API keys, `ot` order tokens: a credential says what it is at a glance. */
export type SecretKind = 'ek' | 'ot';

/** Makes unguessable bearer secrets and their one-way digests. */
export interface SecretIssuer {
  issue(kind: SecretKind): IssuedSecret;
  digest(secret: string): string;
  /** The kind of a well-formed secret, or null for anything else. */
  kindOf(secret: string): SecretKind | null;
}
