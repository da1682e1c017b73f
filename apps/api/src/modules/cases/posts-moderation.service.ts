import { Injectable } from '@nestjs/common';
import { ErrorCodes, type PostDto } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AuditService } from '../audit';
import { AccessService, type Actor } from '../identity';
import { NotificationsService } from '../notifications';
import { PrivacyGate, PrivacyReviewsService } from '../privacy';
import { blankRequired } from './case-fields';
import type { PostDoc } from './infra/post.schema';
import { CasesRepository } from './infra/cases.repository';
import { PostsRepository } from './infra/posts.repository';
import { PostFanout, postResource } from './post-fanout';
import { PostsService } from './posts.service';

/**
 * Moderation of posts: deletion, "report PHI" (hide and queue for review), and the privacy
 * review's outcomes (preview, redact, purge, restore), registered with PrivacyTargets by
 * CasesService. Every change is delivered live through PostFanout.
 */
@Injectable()
export class PostsModerationService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly cases: CasesRepository,
    private readonly thread: PostsService,
    private readonly access: AccessService,
    private readonly gate: PrivacyGate,
    private readonly reviews: PrivacyReviewsService,
    private readonly fanout: PostFanout,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async remove(actor: Actor, postId: string): Promise<PostDto> {
    const { c, p } = await this.thread.postFor(actor, postId);
    this.access.require(actor, 'post.moderate', postResource(c, p));
    const updated = p.deleted ? p : await this.posts.softDelete(postId, actor.id, new Date());
    if (!updated) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    await this.audit.record('post.deleted', actor.id, postId, { caseId: String(c._id) });
    return this.fanout.publishUpdate(updated, actor);
  }

  /**
   * "Report PHI": hidden at once from everyone but moderators, queued for review with the reporter's
   * reason (gated: it is stored text) and selection (offsets into the body, checked against it).
   */
  async report(actor: Actor, postId: string, req: { reason?: string; start?: number; end?: number } = {}): Promise<{ status: 'hidden' }> {
    const { c, p } = await this.thread.postFor(actor, postId);
    this.access.require(actor, 'post.report', postResource(c, p));
    if (p.deleted && p.purgedAt) return { status: 'hidden' };
    const selection = reportSelection(req, p.body.length);
    const reason = req.reason?.trim();
    if (reason) await this.gate.assertClean({ reason }, { actorId: actor.id, target: 'post.report' });
    const hidden = p.hidden ? p : await this.posts.hide(postId, new Date());
    if (!hidden) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    if (!p.hidden) this.fanout.publish('post:updated', hidden, await this.fanout.authorsOf([hidden]));
    await this.reviews.openReport({
      postId,
      caseId: String(c._id),
      cohortId: String(c.cohortId),
      authorId: String(p.authorId),
      reporterId: actor.id,
      ...(reason ? { reason } : {}),
      ...(selection ? { selection } : {}),
    });
    return { status: 'hidden' };
  }

  /** The post as this moderator sees it, or null when it is not in a cohort they moderate. */
  async preview(moderator: Actor, postId: string): Promise<PostDto | null> {
    const p = await this.posts.findById(postId);
    const c = p ? await this.cases.findById(String(p.caseId)) : null;
    if (!p || !c || !this.access.can(moderator, 'post.moderate', postResource(c, p))) return null;
    const [dto] = await this.thread.map([p], moderator);
    return dto;
  }

  async redact(moderator: Actor, postId: string, body: string): Promise<PostDto> {
    await this.moderated(moderator, postId);
    const blank = blankRequired({ body });
    if (blank) throw AppError.validation('body must not be blank', { field: 'body', reason: 'must not be blank' });
    await this.gate.assertClean({ body }, { actorId: moderator.id, target: 'post.redact' });
    const updated = await this.posts.purge(postId, body, null, new Date());
    if (!updated) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    // storage compaction follows in the privacy workflow (retried and reported if it fails)
    return this.fanout.publishUpdate(updated, moderator);
  }

  async purge(moderator: Actor, postId: string): Promise<PostDto> {
    await this.moderated(moderator, postId);
    const updated = await this.posts.purge(postId, '', moderator.id, new Date());
    if (!updated) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    await this.notifications.removeForPost(postId);
    return this.fanout.publishUpdate(updated, moderator);
  }

  /** A false report: the post is shown again, unchanged (live to every audience). */
  async restore(moderator: Actor, postId: string): Promise<PostDto> {
    await this.moderated(moderator, postId);
    const updated = await this.posts.unhide(postId);
    if (!updated) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    return this.fanout.publishUpdate(updated, moderator);
  }

  /** A moderator of the post's cohort (or an admin); anyone else gets 404. */
  private async moderated(moderator: Actor, postId: string): Promise<PostDoc> {
    const p = await this.posts.findById(postId);
    const c = p ? await this.cases.findById(String(p.caseId)) : null;
    if (!p || !c) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    if (!this.access.can(moderator, 'post.moderate', postResource(c, p))) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    return p;
  }
}

/** The reporter's selection, when both offsets are given and lie inside the body. */
function reportSelection(req: { start?: number; end?: number }, length: number): { start: number; end: number } | undefined {
  if (req.start === undefined && req.end === undefined) return undefined;
  if (req.start === undefined || req.end === undefined || req.start >= req.end || req.end > length) {
    throw AppError.validation('start and end must select text inside the post', {
      field: req.start === undefined ? 'start' : 'end',
      reason: 'must select text inside the post',
    });
  }
  return { start: req.start, end: req.end };
}
