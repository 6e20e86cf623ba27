/**
 * A MariaDB GTID position: per replication domain, the highest sequence number seen
 * (`domain-server-sequence`, comma-separated for several domains), as MASTER_GTID_WAIT takes it.
 * Sequence numbers grow within a domain, so the highest one covers every earlier transaction.
 */
export class GtidPosition {
  private readonly byDomain = new Map<string, { server: string; sequence: bigint }>();
  private cached = '';

  /** Takes one GTID (`0-1-42`) or a position (`0-1-42,1-2-7`); ignores what is older than what it holds. */
  advance(gtids: string): void {
    let changed = false;
    for (const gtid of gtids.split(',').map((part) => part.trim())) {
      const match = /^(\d+)-(\d+)-(\d+)$/.exec(gtid);
      if (!match) continue;
      const [, domain, server, sequence] = match as unknown as [string, string, string, string];
      const held = this.byDomain.get(domain);
      if (held && held.sequence >= BigInt(sequence)) continue;
      this.byDomain.set(domain, { server, sequence: BigInt(sequence) });
      changed = true;
    }
    if (changed) {
      this.cached = [...this.byDomain.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([domain, { server, sequence }]) => `${domain}-${server}-${sequence}`)
        .join(',');
    }
  }

  /** The position, or '' before any write. */
  text(): string {
    return this.cached;
  }
}
