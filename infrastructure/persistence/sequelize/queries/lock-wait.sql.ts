/** MySQL/MariaDB: how long (seconds) this session's statements wait for a row lock before ER_LOCK_WAIT_TIMEOUT. */
export function setLockWaitSql(seconds: number): string {
  return `SET SESSION innodb_lock_wait_timeout = ${Math.trunc(seconds)}`;
}

/** Puts the session's lock wait back to the server's setting. */
export const DEFAULT_LOCK_WAIT_SQL = 'SET SESSION innodb_lock_wait_timeout = DEFAULT';
