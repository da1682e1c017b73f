/** A MongoDB server error: serialised as {ok:0, errmsg, code, codeName, ...extra}. */
export class MongoServerError extends Error {
  constructor(
    public readonly code: number,
    public readonly codeName: string,
    message: string,
    public readonly extra: Record<string, unknown> = {},
    public readonly labels: string[] = [],
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    const r: Record<string, unknown> = { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
    if (this.labels.length) r.errorLabels = this.labels;
    return r;
  }

  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  OperationNotSupportedInTransaction: 263,
  NoSuchTransaction: 251,
  CannotCreateIndex: 67,
  DuplicateKey: 11000,
  Unauthorized: 13,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(ErrorCodes).map(([k, v]) => [v, k]));

export function mongoError(code: number, message: string, extra: Record<string, unknown> = {}): MongoServerError {
  return new MongoServerError(code, NAMES[code] ?? `Location${code}`, message, extra);
}

export const badValue = (msg: string) => mongoError(ErrorCodes.BadValue, msg);
export const failedToParse = (msg: string) => mongoError(ErrorCodes.FailedToParse, msg);
