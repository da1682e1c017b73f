import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCodes, type ErrorBody } from '@casebridge/contracts';
import { AppError } from './app-error';
import { isDuplicateKey } from '../infra/persistence';
import { isDbUnavailable } from './db-errors';

/** Every HTTP error leaves as {error:{code,message,details?}} (docs/contract.md "Errors"). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = toErrorResponse(exception);
    if (status >= 500 && status !== 503) {
      // Log the kind of failure, never request bodies (they may hold PHI before the gate).
      this.logger.error(
        { err: { name: (exception as Error)?.name, message: (exception as Error)?.message, stack: (exception as Error)?.stack } },
        'Unhandled error',
      );
    }
    if (status === 429 && typeof body.error.details === 'object' && body.error.details && 'retryAfterSeconds' in body.error.details) {
      res.setHeader('Retry-After', String((body.error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    res.status(status).json(body);
  }
}

export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof AppError) return { status: exception.getStatus(), body: { error: exception.toPayload() } };
  if (isDbUnavailable(exception)) {
    return { status: 503, body: { error: { code: ErrorCodes.DB_UNAVAILABLE, message: 'The database is unavailable; try again shortly' } } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      status === 404
        ? ErrorCodes.ROUTE_NOT_FOUND
        : status === 429
          ? ErrorCodes.RATE_LIMITED
          : status === 413
            ? ErrorCodes.PAYLOAD_TOO_LARGE
            : status === 401
              ? ErrorCodes.AUTH_UNAUTHORIZED
              : status === 403
                ? ErrorCodes.AUTH_FORBIDDEN
                : status < 500
                  ? ErrorCodes.VALIDATION_FAILED
                  : ErrorCodes.INTERNAL;
    const message = status === 404 ? 'No such route' : exception.message;
    return { status, body: { error: { code, message } } };
  }
  // body-parser errors (malformed JSON, too large) are plain errors with a status.
  const e = exception as { status?: number; type?: string; message?: string; code?: number };
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    if (e.status === 413)
      return { status: 413, body: { error: { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: 'Request body is too large' } } };
    return {
      status: e.status,
      body: {
        error: { code: ErrorCodes.VALIDATION_FAILED, message: e.type === 'entity.parse.failed' ? 'Malformed JSON body' : 'Bad request' },
      },
    };
  }
  if (isDuplicateKey(exception)) return { status: 409, body: { error: { code: ErrorCodes.CONFLICT, message: 'Already exists' } } };
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { error: { code: ErrorCodes.INTERNAL, message: 'Internal error' } } };
}
