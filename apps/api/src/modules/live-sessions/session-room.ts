import { Injectable } from '@nestjs/common';
import type { Static } from '@sinclair/typebox';
import {
  rooms,
  type SessionCallPayload,
  type SessionEvent,
  type SessionHandPayload,
  type SessionIdPayload,
  type SessionJoinPayload,
  type SessionMessage,
  type SessionMessagePayload,
  type SessionPhase,
  type SessionPhasePayload,
  type SessionSnapshot,
  type SessionSummaryPayload,
} from '@casebridge/contracts';
import { toAuthor, type Actor } from '../identity';
import { PrivacyGate } from '../privacy';
import { SessionsRepository } from './infra/sessions.repository';
import { SessionAccess, sessionState } from './session-access';
import { SessionLifecycle } from './session-lifecycle';
import { SessionLog } from './session-log';
import { SessionParticipation } from './session-participation';
import { SessionPresence } from './session-presence';

/** A join with afterSeq further back than this gets a snapshot instead of the events. */
export const MAX_REPLAY = 1000;

const CONTROL_PHASES: SessionPhase[] = ['presentation', 'clarifying', 'recommendations', 'summary'];

/** The validated payloads of the room's socket events (schemas in libs/contracts). */
export type JoinCommand = SessionJoinPayload;
export type LeaveCommand = Static<typeof SessionIdPayload>;
export type MessageCommand = Static<typeof SessionMessagePayload>;
export type HandCommand = Static<typeof SessionHandPayload>;
export type PhaseCommand = Static<typeof SessionPhasePayload>;
export type CallCommand = Static<typeof SessionCallPayload>;
export type SummaryCommand = Static<typeof SessionSummaryPayload>;

/** What a join was admitted to: the socket.io room to join, and whether the session still runs. */
export interface JoinTicket {
  room: string;
  sessionId: string;
  ended: boolean;
}

/** Who sends a room command: the authenticated actor and the id of the connection it came on. */
export interface RoomCaller {
  actor: Actor;
  socketId: string;
}

/**
 * The commands of the live room, from validated payloads (the gateway validates, joins and leaves
 * socket.io rooms and acks): each returns its result and publishes its events; none sees a socket.
 */
@Injectable()
export class SessionRoom {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: SessionAccess,
    private readonly log: SessionLog,
    private readonly presence: SessionPresence,
    private readonly participation: SessionParticipation,
    private readonly lifecycle: SessionLifecycle,
    private readonly gate: PrivacyGate,
  ) {}

  /** The room a member may join (access checked on every join). */
  async admit(actor: Actor, p: JoinCommand): Promise<JoinTicket> {
    const s = await this.access.load(actor, p.sessionId, 'session.join');
    return { room: rooms.session(p.sessionId), sessionId: p.sessionId, ended: s.phase === 'ended' };
  }

  /**
   * After the socket joined the room (before reading, so nothing published meanwhile is missed;
   * clients drop duplicates by seq): presence, then what the client missed or the snapshot.
   */
  async joined(
    c: RoomCaller,
    ticket: JoinTicket,
    afterSeq: number | undefined,
  ): Promise<{ snapshot: SessionSnapshot; seq: number } | { events: SessionEvent[]; seq: number }> {
    await this.presence.enter(c.socketId, c.actor, ticket.sessionId, ticket.ended);
    if (afterSeq !== undefined) {
      const missed = await this.log.catchUp(ticket.sessionId, afterSeq, MAX_REPLAY);
      if (missed) return missed;
    }
    return this.log.snapshot(ticket.sessionId);
  }

  /** The room to leave. */
  roomOf(p: LeaveCommand): string {
    return rooms.session(p.sessionId);
  }

  /** After the socket left the room. */
  async left(c: RoomCaller, sessionId: string): Promise<Record<string, never>> {
    await this.presence.exit(c.socketId, c.actor.id, sessionId);
    return {};
  }

  /** The hot path: joined? → PHI gate → one insert (seq and event) → one broadcast; its counter is batched. */
  async message(c: RoomCaller, p: MessageCommand): Promise<SessionMessage> {
    this.presence.requireJoined(c.socketId, p.sessionId);
    await this.gate.assertClean({ body: p.body }, { actorId: c.actor.id, target: 'session.message' });
    const author = toAuthor(c.actor);
    const r = await this.log.appendMessage(p.sessionId, {
      authorId: c.actor.id,
      clientId: p.clientId,
      make: (id, seq, at) => ({ id, clientId: p.clientId, author, body: p.body, at: at.toISOString(), seq }),
    });
    if (!r) throw sessionState('The session has ended');
    if (r.fresh) this.participation.count(p.sessionId, { [`counts.${c.actor.profession}.messages`]: 1 });
    return r.message;
  }

  async hand(c: RoomCaller, p: HandCommand): Promise<Record<string, never>> {
    this.presence.requireJoined(c.socketId, p.sessionId);
    const r = await this.log.append(
      p.sessionId,
      { type: 'hand', userId: c.actor.id, raised: p.raised, at: new Date().toISOString() },
      { open: true },
    );
    if (!r) throw sessionState('The session has ended');
    return {};
  }

  async phase(c: RoomCaller, p: PhaseCommand): Promise<Record<string, never>> {
    const s = await this.access.load(c.actor, p.sessionId, 'session.control');
    if (p.phase === 'ended') {
      await this.lifecycle.end(c.actor, p.sessionId);
      return {};
    }
    if (!CONTROL_PHASES.includes(p.phase)) throw sessionState('A session cannot go back to the lobby');
    const set: Record<string, unknown> = { phase: p.phase };
    if (!s.startedAt) set.startedAt = new Date();
    const r = await this.log.append(p.sessionId, { type: 'phase', phase: p.phase }, { where: { phase: { $ne: 'ended' } }, set });
    if (!r) throw sessionState('The session has ended');
    return {};
  }

  async call(c: RoomCaller, p: CallCommand): Promise<Record<string, never>> {
    await this.access.load(c.actor, p.sessionId, 'session.control');
    const target = await this.repo.presenceOf(p.sessionId, p.userId);
    if (!target?.present) throw sessionState('That person is not in the session');
    const inc = { [`counts.${target.profession}.turns`]: 1 };
    const r = await this.log.append(p.sessionId, { type: 'called', userId: p.userId }, { where: { phase: { $ne: 'ended' } }, inc });
    if (!r) throw sessionState('The session has ended');
    if (r.session) this.participation.push(p.sessionId, r.session);
    return {};
  }

  async summary(c: RoomCaller, p: SummaryCommand): Promise<Record<string, never>> {
    await this.access.load(c.actor, p.sessionId, 'session.control');
    await this.gate.assertClean({ summary: p.summary }, { actorId: c.actor.id, target: 'session.summary' });
    const r = await this.log.append(
      p.sessionId,
      { type: 'summary', summary: p.summary },
      { where: { phase: { $ne: 'ended' } }, set: { summary: p.summary } },
    );
    if (!r) throw sessionState('The session has ended');
    return {};
  }
}
