/** Driver errors that mean "the database is not reachable right now" (→ 503 DB.UNAVAILABLE). */
export function isDbUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const name = (err as { name?: string }).name ?? '';
  return (
    name === 'MongoServerSelectionError' ||
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoTopologyClosedError' ||
    name === 'MongoPoolClearedError' ||
    name === 'MongoServerClosedError' ||
    // the driver labels network failures and "not primary" (elections) as retryable: both mean unreachable for now
    (typeof (err as { hasErrorLabel?: unknown }).hasErrorLabel === 'function' &&
      (err as { hasErrorLabel(l: string): boolean }).hasErrorLabel('RetryableWriteError')) ||
    (name === 'MongooseError' && /buffering timed out|not connected|Client must be connected/i.test(String((err as Error).message)))
  );
}
