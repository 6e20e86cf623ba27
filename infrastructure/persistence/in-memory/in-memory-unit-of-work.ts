import type { UnitOfWork } from '../../../domain/shared/unit-of-work.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Rolls the store back to its snapshot when the work throws, as a database transaction would. */
export class InMemoryUnitOfWork implements UnitOfWork {
  private depth = 0;

  constructor(private readonly store: InMemoryDatabase) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth > 0) return work();
    const snapshot = structuredClone(this.store.state);
    this.depth++;
    try {
      return await work();
    } catch (error) {
      this.store.state = snapshot;
      throw error;
    } finally {
      this.depth--;
    }
  }
}
