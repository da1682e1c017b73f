import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCodes } from '@casebridge/contracts';

/**
 * A request Node's HTTP parser cannot read (a bad chunk size, a raw non-ASCII byte in the request
 * line, oversized headers, a timed-out request) never reaches Express: by default Node answers a
 * bare 400/431 without a body. This listener answers those in the contract's error shape
 * `{error:{code,message}}` instead (then closes the connection, as Node does).
 */
export function answerUnreadableRequests(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    // nothing to answer on a reset connection, nor once a response has begun on this one
    if (err.code !== 'ECONNRESET' && socket.writable && !socket.bytesWritten) {
      const [status, code, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, ErrorCodes.PAYLOAD_TOO_LARGE, 'Request headers are too large']
          : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
            ? [413, ErrorCodes.PAYLOAD_TOO_LARGE, 'Chunk extensions are too large']
            : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
              ? [408, ErrorCodes.VALIDATION_FAILED, 'The request did not arrive in time']
              : [400, ErrorCodes.VALIDATION_FAILED, 'Malformed HTTP request'];
      const body = JSON.stringify({ error: { code, message } });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
}
