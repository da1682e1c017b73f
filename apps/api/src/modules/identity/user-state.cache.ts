import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Clock } from '../../config/clock';
import type { Actor } from './actor';
import { toActor } from './identity.mapper';
import type { UserDoc } from './infra/identity.schemas';
import { UsersRepository } from './infra/users.repository';
import { UserChanges } from './user-changes';

/** What a socket handshake needs to know about a user: who they are and whether their tokens still hold. */
export interface UserState {
  /** Shared by every socket of the user (never mutated: a change replaces it). */
  actor: Actor;
  deactivated: boolean;
  /** Tokens issued (iat, seconds) before this are refused: password change, sign-out everywhere. */
  tokensValidAfterSec: number;
}

export function toUserState(u: UserDoc): UserState {
  return {
    actor: Object.freeze(toActor(u)) as Actor,
    deactivated: Boolean(u.deactivatedAt),
    tokensValidAfterSec: u.tokensValidAfter ? Math.floor(new Date(u.tokensValidAfter).getTime() / 1000) : 0,
  };
}

const MAX_ENTRIES = 50_000;
const MAX_BATCH = 500;

/**
 * Membership and account state per user, for socket handshakes: a reconnect storm of N sockets
 * reads each user once (one batched query per tick), not N times. Correctness does not rest on
 * the TTL: every write UsersRepository makes drops the user's entry (UserChanges), the realtime
 * gateway forwards those drops to the other replicas, and a read that raced a write is not stored
 * (per-user generation). The TTL only bounds how long a change made outside the api (a manual
 * database edit) can go unseen; the socket sweep refreshes the entries of connected users anyway.
 */
@Injectable()
export class UserStateCache {
  private readonly entries = new Map<string, { state: UserState; at: number }>();
  private readonly generations = new Map<string, number>();
  private queued = new Map<string, { resolve: (s: UserState | undefined) => void; reject: (e: unknown) => void }[]>();
  private flushScheduled = false;
  private readonly ttlMs: number;

  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    changes: UserChanges,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = Math.max(5_000, config.socketRecheckMs * 5);
    changes.on((id) => this.invalidate(id));
  }

  /** The user's state, from the cache when fresh, else read (batched with other misses of this tick). */
  get(userId: string): Promise<UserState | undefined> {
    const hit = this.entries.get(userId);
    if (hit && this.clock.nowMs() - hit.at < this.ttlMs) return Promise.resolve(hit.state);
    return new Promise((resolve, reject) => {
      const waiting = this.queued.get(userId);
      if (waiting) waiting.push({ resolve, reject });
      else this.queued.set(userId, [{ resolve, reject }]);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Reads documents elsewhere (the socket sweep) and stores them, unless a user changed during the read; returns their states. */
  async readThrough(ids: string[], read: (ids: string[]) => Promise<UserDoc[]>): Promise<Map<string, UserState>> {
    const gens = new Map(ids.map((id) => [id, this.generations.get(id) ?? 0]));
    const docs = await read(ids);
    const out = new Map<string, UserState>();
    for (const d of docs) {
      const id = String(d._id);
      const prev = this.entries.get(id)?.state;
      const next = toUserState(d);
      // keep the shared actor object when nothing in it changed, so sockets keep sharing one
      const state = prev && sameActor(prev.actor, next.actor) ? { ...next, actor: prev.actor } : next;
      if ((this.generations.get(id) ?? 0) === gens.get(id)) this.store(id, state);
      out.set(id, state);
    }
    return out;
  }

  invalidate(userId: string): void {
    this.entries.delete(userId);
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    if (this.generations.size > MAX_ENTRIES) this.generations.clear(); // only in-flight reads care, and they re-read
  }

  private store(id: string, state: UserState): void {
    this.entries.delete(id); // re-insert: Map order is age order for eviction
    this.entries.set(id, { state, at: this.clock.nowMs() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const all = this.queued;
    this.queued = new Map();
    const ids = [...all.keys()];
    for (let i = 0; i < ids.length; i += MAX_BATCH) {
      const chunk = ids.slice(i, i + MAX_BATCH);
      const gens = chunk.map((id) => this.generations.get(id) ?? 0);
      try {
        const docs = await this.users.findByIds(chunk);
        const byId = new Map(docs.map((d) => [String(d._id), d]));
        chunk.forEach((id, k) => {
          const doc = byId.get(id);
          const state = doc ? toUserState(doc) : undefined;
          if ((this.generations.get(id) ?? 0) !== gens[k]) {
            // a write landed while we read: what we read may predate it, so read again
            for (const w of all.get(id)!) this.get(id).then(w.resolve, w.reject);
            return;
          }
          if (state) this.store(id, state);
          for (const w of all.get(id)!) w.resolve(state);
        });
      } catch (err) {
        for (const id of chunk) for (const w of all.get(id)!) w.reject(err);
      }
    }
  }
}

function sameActor(a: Actor, b: Actor): boolean {
  return (
    a.role === b.role &&
    a.profession === b.profession &&
    a.displayName === b.displayName &&
    a.moderator === b.moderator &&
    a.onDuty === b.onDuty &&
    a.cohortIds.join(',') === b.cohortIds.join(',') &&
    a.expertiseDomains.join(',') === b.expertiseDomains.join(',')
  );
}
