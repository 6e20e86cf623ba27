/**
 * Runs work atomically: every repository call made inside `run` commits together or not at all.
 * Use cases that write more than one row go through it.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
