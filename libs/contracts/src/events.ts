import type { AckResult, ErrorPayload } from './errors';
import type { CaseChangedEvent, PostDto } from './cases';
import type { EscalationDto } from './escalations';
import type { NotificationDto } from './notifications';
import type { Participant, SessionEvent, SessionMessage, SessionSnapshot, SessionPhase, ParticipationCounts } from './sessions';
import type { Profession, Role } from './identity';

type Ack<T> = (result: AckResult<T>) => void;

/** Client → server events; each is acked with an AckResult (docs/contract.md "Socket.io"). */
export interface ClientToServerEvents {
  'case:subscribe': (p: { caseId: string; afterSeq?: number }, ack: Ack<{ missed: PostDto[]; seq: number }>) => void;
  'case:unsubscribe': (p: { caseId: string }, ack: Ack<Record<string, never>>) => void;
  'post:create': (p: { caseId: string; body: string; parentId?: string; clientId: string; anonymous?: boolean }, ack: Ack<PostDto>) => void;
  'session:join': (
    p: { sessionId: string; afterSeq?: number },
    ack: Ack<{ snapshot: SessionSnapshot; seq: number } | { events: SessionEvent[]; seq: number }>,
  ) => void;
  'session:leave': (p: { sessionId: string }, ack: Ack<Record<string, never>>) => void;
  'session:message': (p: { sessionId: string; body: string; clientId: string }, ack: Ack<SessionMessage>) => void;
  'session:hand': (p: { sessionId: string; raised: boolean }, ack: Ack<Record<string, never>>) => void;
  'session:phase': (p: { sessionId: string; phase: SessionPhase }, ack: Ack<Record<string, never>>) => void;
  'session:call': (p: { sessionId: string; userId: string }, ack: Ack<Record<string, never>>) => void;
  'session:summary': (p: { sessionId: string; summary: string }, ack: Ack<Record<string, never>>) => void;
  'session:heartbeat': (p: { sessionId: string }) => void;
}

/** Server → client events. */
export interface ServerToClientEvents {
  'post:created': (post: PostDto) => void;
  'post:updated': (post: PostDto) => void;
  'case:changed': (e: CaseChangedEvent) => void;
  'escalation:assigned': (e: EscalationDto) => void;
  'escalation:updated': (e: EscalationDto) => void;
  'session:event': (e: SessionEvent) => void;
  'presence:changed': (p: { sessionId: string; seq: number; participants: Participant[] }) => void;
  'participation:changed': (p: { sessionId: string; participation: ParticipationCounts }) => void;
  'notification:created': (n: NotificationDto & { unread: number }) => void;
  'system:status': (s: { database: 'up' | 'down' }) => void;
  /** The access token expired while connected; the socket is closed after this (reconnect with a fresh token). */
  'auth:expired': (e: ErrorPayload) => void;
}

/** What the handshake middleware stores on every socket. */
export interface SocketData {
  userId: string;
  role: Role;
  profession: Profession;
  displayName: string;
  moderator: boolean;
  tokenExpiresAt: number;
  /** When the access token was issued (seconds): a password change or deactivation after it ends the socket. */
  tokenIssuedAt: number;
}
