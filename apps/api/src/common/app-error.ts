import { HttpException } from '@nestjs/common';
import { ErrorCodes, type ErrorPayload } from '@casebridge/contracts';

/** A failure with a contract code; HTTP and socket layers render it the same way. */
export class AppError extends HttpException {
  constructor(
    readonly code: string,
    message: string,
    status: number,
    readonly details?: unknown,
  ) {
    super({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
    // HttpException derives `message` from the response object's own `message` (ours nests it
    // under `error`), which left every error reading "App Error": keep the human message.
    this.message = message;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }

  static notFound(code: string = ErrorCodes.NOT_FOUND, what = 'Resource'): AppError {
    // "not found or no access": never reveal whether something exists (style.md).
    return new AppError(code, `${what} not found`, 404);
  }
  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError(ErrorCodes.AUTH_FORBIDDEN, message, 403);
  }
  static unauthorized(message = 'Sign in required', code: string = ErrorCodes.AUTH_UNAUTHORIZED): AppError {
    return new AppError(code, message, 401);
  }
  static validation(message: string, details?: unknown): AppError {
    return new AppError(ErrorCodes.VALIDATION_FAILED, message, 400, details);
  }
  static conflict(code: string, message: string, details?: unknown): AppError {
    return new AppError(code, message, 409, details);
  }
}
