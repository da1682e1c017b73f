import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Logger, type OnModuleInit } from '@nestjs/common';
import {
  SessionCallPayload,
  SessionHandPayload,
  SessionIdPayload,
  SessionJoinPayload,
  SessionMessagePayload,
  SessionPhasePayload,
  SessionSummaryPayload,
  type AckResult,
  type SessionEvent,
  type SessionMessage,
  type SessionSnapshot,
} from '@casebridge/contracts';
import { check, validate } from '../../common/validation';
import { ack, Publisher, SOCKET_OPTIONS, type IoSocket } from '../realtime';
import { SessionPresence } from './session-presence';
import { SessionRoom, type RoomCaller } from './session-room';

type Empty = Record<string, never>;
const caller = (socket: IoSocket): RoomCaller => ({ actor: socket.data.actor, socketId: socket.id });

/**
 * The only live-session code that touches sockets: each handler validates its payload against the
 * contract's schema, joins or leaves socket.io rooms, and acks what SessionRoom returns (or its
 * error code). Disconnects are handed to presence as a socket id.
 */
@WebSocketGateway(SOCKET_OPTIONS)
export class LiveSessionsGateway implements OnModuleInit {
  private readonly logger = new Logger('LiveSessions');
  constructor(
    private readonly room: SessionRoom,
    private readonly presence: SessionPresence,
    private readonly publisher: Publisher,
  ) {}

  onModuleInit(): void {
    this.publisher.onDisconnect((socket) => {
      this.presence
        .disconnected(socket.id, socket.data.actor?.id)
        .catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'presence cleanup on disconnect failed'));
    });
  }

  @SubscribeMessage('session:join')
  join(
    @ConnectedSocket() socket: IoSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResult<{ snapshot: SessionSnapshot; seq: number } | { events: SessionEvent[]; seq: number }>> {
    return ack(async () => {
      const p = validate(SessionJoinPayload, payload);
      const ticket = await this.room.admit(socket.data.actor, p);
      await socket.join(ticket.room);
      return this.room.joined(caller(socket), ticket, p.afterSeq);
    });
  }

  @SubscribeMessage('session:leave')
  leave(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(async () => {
      const p = validate(SessionIdPayload, payload);
      await socket.leave(this.room.roomOf(p));
      return this.room.left(caller(socket), p.sessionId);
    });
  }

  /** The hot path: the compiled check first, the describing validate only for a bad payload. */
  @SubscribeMessage('session:message')
  message(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<SessionMessage>> {
    return ack(() =>
      this.room.message(caller(socket), check(SessionMessagePayload, payload) ? payload : validate(SessionMessagePayload, payload)),
    );
  }

  @SubscribeMessage('session:hand')
  hand(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(() => this.room.hand(caller(socket), validate(SessionHandPayload, payload)));
  }

  @SubscribeMessage('session:phase')
  phase(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(() => this.room.phase(caller(socket), validate(SessionPhasePayload, payload)));
  }

  @SubscribeMessage('session:call')
  call(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(() => this.room.call(caller(socket), validate(SessionCallPayload, payload)));
  }

  @SubscribeMessage('session:summary')
  summary(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(() => this.room.summary(caller(socket), validate(SessionSummaryPayload, payload)));
  }

  /**
   * Volatile: a lost heartbeat only shortens the margin before the reaper. Clients send it without
   * an ack; one that asks for an ack gets one (a bad payload a failed ack), never silence.
   */
  @SubscribeMessage('session:heartbeat')
  heartbeat(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Empty>> {
    return ack(() => {
      const p = validate(SessionIdPayload, payload);
      this.presence
        .heartbeat(socket.id, socket.data.actor, p.sessionId)
        .catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'heartbeat failed'));
      return {};
    });
  }
}
