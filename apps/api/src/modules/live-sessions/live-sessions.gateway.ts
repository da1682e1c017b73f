import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Logger } from '@nestjs/common';
import { ack, SOCKET_OPTIONS, type IoSocket } from '../realtime';
import { LiveSessionsService } from './live-sessions.service';

/** Handlers only (style.md "Thin gateways"): each acks the service's result or its error code. */
@WebSocketGateway(SOCKET_OPTIONS)
export class LiveSessionsGateway {
  private readonly logger = new Logger('LiveSessions');
  constructor(private readonly sessions: LiveSessionsService) {}

  @SubscribeMessage('session:join')
  join(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.join(socket, p));
  }

  @SubscribeMessage('session:leave')
  leave(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.leave(socket, p));
  }

  @SubscribeMessage('session:message')
  message(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.message(socket, p));
  }

  @SubscribeMessage('session:hand')
  hand(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.hand(socket, p));
  }

  @SubscribeMessage('session:phase')
  phase(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.phase(socket, p));
  }

  @SubscribeMessage('session:call')
  call(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.call(socket, p));
  }

  @SubscribeMessage('session:summary')
  summary(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown) {
    return ack(() => this.sessions.summary(socket, p));
  }

  /** Volatile and unacked: a lost heartbeat only shortens the margin before the reaper. */
  @SubscribeMessage('session:heartbeat')
  heartbeat(@ConnectedSocket() socket: IoSocket, @MessageBody() p: unknown): void {
    this.sessions.heartbeat(socket, p).catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'heartbeat failed'));
  }
}
