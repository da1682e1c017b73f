import { ErrorCodes, type PostDto } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import type { AccessService, Actor } from '../identity';
import { TickBatcher } from '../realtime';
import { audienceOf } from './audience';
import type { CaseDoc } from './infra/case.schema';
import type { PostDoc } from './infra/post.schema';
import type { CasesRepository } from './infra/cases.repository';
import type { PostsRepository } from './infra/posts.repository';
import { caseResource, roomFor, type PostsService } from './posts.service';

/** The most posts one catch-up ack carries (as PostsService.catchUp); the client reads the rest by REST. */
const CATCH_UP_LIMIT = 1000;

/**
 * `case:subscribe` for a fleet. After a deploy every client re-subscribes within a second
 * or two; each used to read the case twice and the posts after its `afterSeq` on its own. Here the
 * reads of one event-loop turn are shared (TickBatcher: one read per distinct case, and per distinct
 * case + afterSeq, started after the last subscriber asked, so every answer is as fresh as a read of
 * its own — nothing is cached across turns, nothing needs invalidating):
 *  1. the case, before the join: access is checked for this actor on every join, and the room
 *     (audience) chosen, exactly as PostsService.roomToJoin does;
 *  2. after the join, the posts after `afterSeq`: a post stored meanwhile arrives live, in the
 *     catch-up, or both (clients drop duplicates by id) — none is lost. When none is missed the
 *     resume point is `afterSeq` itself (the case read before the join already had lastSeq ≥ afterSeq,
 *     and nothing after it exists now). A client claiming more than that, or asking no catch-up,
 *     goes through PostsService.catchUp (a fresh read of the case).
 */
export class CaseSubscriptions {
  private readonly caseReads: TickBatcher<string, CaseDoc | null>;
  private readonly postsAfter: TickBatcher<string, PostDoc[]>;

  constructor(
    cases: CasesRepository,
    postsRepo: PostsRepository,
    private readonly posts: PostsService,
    private readonly access: AccessService,
  ) {
    this.caseReads = new TickBatcher(
      async (ids) => new Map(await Promise.all(ids.map(async (id) => [id, await cases.findById(id)] as const))),
    );
    this.postsAfter = new TickBatcher(
      async (keys) =>
        new Map(
          await Promise.all(
            keys.map(async (key) => {
              const [caseId, after] = key.split(':');
              return [key, await postsRepo.listAfter(caseId, Number(after), CATCH_UP_LIMIT)] as const;
            }),
          ),
        ),
    );
  }

  /** The room this actor may join for the case; throws (not found / forbidden) as PostsService.caseFor does. */
  async roomToJoin(actor: Actor, caseId: string): Promise<{ room: string; c: CaseDoc }> {
    const c = await this.caseReads.load(caseId);
    if (!c) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    const resource = caseResource(c);
    this.access.require(actor, 'case.read', resource);
    const a = audienceOf(actor);
    // moderation stops at the moderator's own cohorts (PostsService.audienceIn)
    const audience = a === 'mod' && !this.access.can(actor, 'post.moderate', resource) ? 'staff' : a;
    return { room: roomFor(caseId, audience), c };
  }

  /** Call after joining the room: exactly the posts after `afterSeq`, in order, and where to resume. */
  async catchUp(actor: Actor, c: CaseDoc, afterSeq: number | undefined): Promise<{ missed: PostDto[]; seq: number }> {
    const caseId = String(c._id);
    if (afterSeq === undefined || afterSeq > (c.lastSeq ?? 0)) return this.posts.catchUp(actor, caseId, afterSeq);
    const docs = (await this.postsAfter.load(`${caseId}:${afterSeq}`)) ?? [];
    if (!docs.length) return { missed: [], seq: afterSeq };
    const missed = await this.posts.map(docs, actor, c);
    return { missed, seq: missed[missed.length - 1].seq };
  }
}
