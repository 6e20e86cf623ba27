/** The current time, injected so tests can fix it. */
export interface Clock {
  now(): Date;
}
