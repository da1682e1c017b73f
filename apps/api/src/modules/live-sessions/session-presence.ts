import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { compareParticipants, ErrorCodes, type SessionEventBody } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Actor } from '../identity';
import { Publisher } from '../realtime';
import { SessionsRepository } from './infra/sessions.repository';
import type { SessionPresenceDoc } from './infra/session.schema';
import { toParticipant } from './live-sessions.mapper';
import { participantOf } from './session-access';
import { SessionLog } from './session-log';
import { SessionParticipation } from './session-participation';

/**
 * Who is in a session. The truth is in MongoDB (socket rows with an expiry, one presence row per
 * person), so every replica agrees; this replica only remembers which sessions its own sockets
 * joined (to leave them on disconnect) and when it last took each one's heartbeat. The reaper
 * removes sockets whose heartbeats stopped (closed laptops, crashed replicas).
 */
@Injectable()
export class SessionPresence implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveSessions');
  /** socket id → sessions it joined → when its last heartbeat was taken. */
  private readonly joined = new Map<string, Map<string, number>>();
  private reaper?: NodeJS.Timeout;
  private reaping = false;

  constructor(
    private readonly repo: SessionsRepository,
    private readonly log: SessionLog,
    private readonly participation: SessionParticipation,
    private readonly publisher: Publisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.reaper = setInterval(() => void this.reap(), this.config.presenceReaperIntervalMs);
    this.reaper.unref();
  }

  onModuleDestroy(): void {
    if (this.reaper) clearInterval(this.reaper);
  }

  /** A socket joined the session's room: remember it; while the session runs, it makes its person present. */
  async enter(socketId: string, actor: Actor, sessionId: string, ended: boolean): Promise<void> {
    let mine = this.joined.get(socketId);
    if (!mine) this.joined.set(socketId, (mine = new Map()));
    mine.set(sessionId, Date.now());
    if (ended) return;
    await this.repo.addSocket(sessionId, actor.id, socketId, this.expiry());
    await this.repo.ensurePresence(sessionId, participantOf(actor));
    await this.reconcile(sessionId, actor.id);
  }

  /** A socket left the session's room. */
  async exit(socketId: string, userId: string, sessionId: string): Promise<void> {
    const mine = this.joined.get(socketId);
    if (!mine?.delete(sessionId)) return;
    if (!mine.size) this.joined.delete(socketId);
    await this.socketGone(sessionId, userId, socketId);
  }

  requireJoined(socketId: string, sessionId: string): void {
    if (!this.joined.get(socketId)?.has(sessionId))
      throw new AppError(ErrorCodes.SESSION_NOT_JOINED, 'Join the session first (session:join)', 409);
  }

  /** Extends this socket's presence; a socket the reaper removed comes back. */
  async heartbeat(socketId: string, actor: Actor, sessionId: string): Promise<void> {
    const mine = this.joined.get(socketId);
    if (!mine?.has(sessionId)) return;
    // Heartbeats skip the per-user event rate limit, so a flood is dropped here before the database.
    const now = Date.now();
    if (now - (mine.get(sessionId) ?? 0) < Math.min(1000, (this.config.presenceTtlSeconds * 1000) / 6)) return;
    mine.set(sessionId, now);
    if (await this.repo.heartbeat(sessionId, socketId, this.expiry())) return;
    const s = await this.repo.find(sessionId);
    if (!s || s.phase === 'ended') return;
    await this.repo.addSocket(sessionId, actor.id, socketId, this.expiry());
    await this.repo.ensurePresence(sessionId, participantOf(actor));
    await this.reconcile(sessionId, actor.id);
  }

  /** A socket disconnected: it leaves every session it joined. */
  async disconnected(socketId: string, userId: string | undefined): Promise<void> {
    const mine = this.joined.get(socketId);
    if (!mine) return;
    this.joined.delete(socketId);
    if (!userId) return;
    await Promise.all([...mine.keys()].map((sessionId) => this.socketGone(sessionId, userId, socketId)));
  }

  private async socketGone(sessionId: string, userId: string, socketId: string): Promise<void> {
    await this.repo.removeSocket(sessionId, socketId);
    await this.reconcile(sessionId, userId);
  }

  /**
   * Makes the log's presence of one person match their live sockets. A transition logs its
   * joined/left event first, then flips the presence row only if nothing later flipped it
   * (`lastSeq < seq`), so the order of joined/left in the log is the order of the flips even with
   * several replicas; a lost race turns its event into a noop and looks again.
   */
  private async reconcile(sessionId: string, userId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = new Date();
      const [live, row] = await Promise.all([this.repo.liveSockets(sessionId, userId, now), this.repo.presenceOf(sessionId, userId)]);
      if (!row || row.present === live > 0) return;
      const to = live > 0;
      const body: SessionEventBody = to ? { type: 'joined', participant: toParticipant(row) } : { type: 'left', userId };
      let before: SessionPresenceDoc | null = null;
      const seq = await this.log.appendDecided(sessionId, body, now, async (s) => {
        before = await this.repo.transition(sessionId, userId, to, s, now);
        return before !== null;
      });
      if (seq === null || !before) continue;
      const was: SessionPresenceDoc = before;
      if (!to && was.openSince) {
        await this.repo.addInterval({
          sessionId,
          userId,
          displayName: was.displayName,
          profession: was.profession,
          role: was.role,
          joinedAt: was.openSince,
          leftAt: now,
        });
      }
      const present = await this.repo.presentRows(sessionId);
      const counts: Record<string, number> = {};
      for (const row of present) counts[row.profession] = (counts[row.profession] ?? 0) + 1;
      const session = await this.repo.updateSession(sessionId, { set: { present: counts } });
      this.publisher.toSession(sessionId, 'presence:changed', {
        sessionId,
        seq,
        participants: present.map(toParticipant).sort(compareParticipants),
      });
      if (session) this.participation.push(sessionId, session);
    }
  }

  /** Removes sockets whose heartbeat lapsed (closed laptops, crashed replicas); one replica claims each. */
  async reap(): Promise<void> {
    if (this.reaping) return;
    this.reaping = true;
    try {
      const now = new Date();
      const expired = await this.repo.expiredSockets(now, 500);
      for (const s of expired) {
        if (await this.repo.claimExpired(s._id, now)) await this.reconcile(String(s.sessionId), String(s.userId));
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'presence reaper failed');
    } finally {
      this.reaping = false;
    }
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.presenceTtlSeconds * 1000);
  }
}
