import { Logger } from '@nestjs/common';
import { ErrorCodes, type AckResult } from '@casebridge/contracts';
import { toErrorResponse } from '../../common/http-exception.filter';

const logger = new Logger('SocketAck');

/**
 * Runs a socket handler and turns its result or failure into an AckResult, so a bad payload is a
 * `{ok:false,error:{code:'VALIDATION.FAILED'}}` ack, never an "Internal server error" (nest #13190).
 */
export async function ack<T>(fn: () => Promise<T> | T): Promise<AckResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status >= 500 && body.error.code === ErrorCodes.INTERNAL) {
      logger.error(
        { err: { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } },
        'socket handler failed',
      );
    }
    return { ok: false, error: body.error };
  }
}
