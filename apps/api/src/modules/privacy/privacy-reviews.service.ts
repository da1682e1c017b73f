import { Injectable } from '@nestjs/common';
import {
  ErrorCodes,
  type PhiType,
  type PostDto,
  type PrivacyReviewDto,
  type PurgeOutcome,
  type ReportTextRequest,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AuditService } from '../audit';
import { AccessService, UsersRepository, toActor, toAuthor, type Actor } from '../identity';
import { PrivacyGate } from './privacy.gate';
import { PrivacyTargets, type HeldTarget, type LocatedText } from './review-targets';
import { ReviewsRepository } from './infra/reviews.repository';
import type { ReviewDoc } from './infra/review.schema';
import { matchConfirmations } from './overrides';
import { StorageCompactor } from './storage-compactor';

export interface OverrideInput {
  target: HeldTarget;
  payload: unknown;
  confirmations: { field: string; start: number; end: number; reason: string }[];
}

/** Types and offsets: what audit records and the queue keep about findings (never text). */
const shape = (f: { field: string; start: number; end: number; type: string }) => ({
  field: f.field,
  start: f.start,
  end: f.end,
  type: f.type,
});

/**
 * The privacy workflow: false-positive overrides held for moderator review, and "Report
 * PHI" on published posts with redact/delete that purges the text.
 */
@Injectable()
export class PrivacyReviewsService {
  constructor(
    private readonly repo: ReviewsRepository,
    private readonly gate: PrivacyGate,
    private readonly targets: PrivacyTargets,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly compactor: StorageCompactor,
  ) {}

  /**
   * The author confirms, per finding, that it is not an identifier. Every finding must be confirmed
   * (else 422 with the rest); the item is then held, visible only to moderators and admins.
   */
  async override(actor: Actor, input: OverrideInput): Promise<{ reviewId: string }> {
    const handler = this.targets.heldHandler(input.target);
    const prepared = await handler.prepare(actor, input.payload);
    const allowed = prepared.allowed ?? [];
    const findings = this.gate
      .scan(prepared.fields)
      .filter((f) => !allowed.some((a) => a.field === f.field && a.start === f.start && a.end === f.end));
    if (findings.length === 0) {
      throw new AppError(
        ErrorCodes.PRIVACY_OVERRIDE_INVALID,
        'Nothing to override: the text passes the privacy check, post it normally',
        400,
        {
          field: 'payload',
        },
      );
    }
    const unmatched = matchConfirmations(findings, input.confirmations);
    if (unmatched !== null) {
      throw new AppError(ErrorCodes.PRIVACY_OVERRIDE_INVALID, 'A confirmation does not match a finding', 400, {
        field: `confirmations.${unmatched}`,
      });
    }
    // Findings not confirmed are still refused (422 with those findings, audited without text).
    await this.gate.assertClean(prepared.fields, { actorId: actor.id, target: `override.${input.target}` }, [
      ...input.confirmations,
      ...allowed,
    ]);
    // The reasons are stored text too: they pass the gate like everything else.
    const reasons: Record<string, string> = {};
    input.confirmations.forEach((c, i) => (reasons[`confirmations.${i}.reason`] = c.reason));
    await this.gate.assertClean(reasons, { actorId: actor.id, target: 'override.reason' });
    const review = await this.repo.insert({
      kind: 'override',
      target: input.target,
      status: 'pending',
      authorId: actor.id,
      cohortId: prepared.cohortId,
      ...(prepared.caseId ? { caseId: prepared.caseId } : {}),
      findings: findings.map(shape),
      confirmations: input.confirmations.map((c) => ({ field: c.field, start: c.start, end: c.end, reason: c.reason })),
      payload: prepared.payload,
      createdAt: new Date(),
    });
    await this.audit.record('privacy.override', actor.id, String(review._id), {
      target: input.target,
      findings: findings.map(shape),
    });
    await this.tellModerators(prepared.cohortId, actor.id, {
      title: `A held ${input.target} waits for privacy review`,
      ...(prepared.caseId ? { caseId: prepared.caseId } : {}),
    });
    return { reviewId: String(review._id) };
  }

  async queue(actor: Actor, status: string | undefined, limit = 100): Promise<PrivacyReviewDto[]> {
    this.access.require(actor, 'privacy.review');
    // moderators review the cohorts they belong to; admins every cohort
    const cohorts = actor.role === 'admin' ? undefined : actor.cohortIds;
    const docs = await this.repo.list(status === 'all' ? undefined : ((status ?? 'pending') as ReviewDoc['status']), limit, cohorts);
    const ids = [...new Set(docs.flatMap((d) => [String(d.authorId), ...(d.reporterId ? [String(d.reporterId)] : [])]))];
    const people = new Map((await this.users.findByIds(ids)).map((u) => [String(u._id), toAuthor(toActor(u))]));
    return Promise.all(
      docs.map(async (d) => {
        const dto = toReviewDto(d);
        const author = people.get(String(d.authorId));
        if (author) dto.author = author;
        const reporter = d.reporterId ? people.get(String(d.reporterId)) : undefined;
        if (reporter) dto.reportedBy = reporter;
        if (d.kind === 'override' && d.target === 'post') {
          const body = (d.payload as { body?: unknown } | undefined)?.body;
          if (typeof body === 'string') dto.body = body;
        }
        if (d.kind === 'report' && d.itemId && d.field && d.target !== 'post') {
          const located = await this.targets
            .textHandler(d.target)
            .locate(actor, d.itemId)
            .catch(() => null);
          const text = located?.fields[d.field];
          if (text !== undefined) dto.body = text;
        }
        if (d.kind === 'report' && d.postId) {
          const post = await this.targets.reportedHandler().preview(actor, String(d.postId));
          if (post) {
            dto.post = post;
            dto.body = post.body;
          }
        }
        return dto;
      }),
    );
  }

  /** The open items a moderator's badge counts (the cohorts they moderate; admins all). */
  async count(actor: Actor): Promise<{ pending: number }> {
    this.access.require(actor, 'privacy.review');
    return { pending: await this.repo.countPending(actor.role === 'admin' ? undefined : actor.cohortIds) };
  }

  async approve(actor: Actor, id: string): Promise<PrivacyReviewDto> {
    this.access.require(actor, 'privacy.review');
    const existing = await this.overrideInScope(actor, id);
    // An override is a second opinion; its author cannot be the one who gives it
    if (String(existing.authorId) === actor.id) {
      throw new AppError(ErrorCodes.PRIVACY_OWN_REVIEW, 'You cannot approve your own held item: another moderator must review it', 403);
    }
    const claimed = await this.claimOverride(actor, id);
    const handler = this.targets.heldHandler(claimed.target as HeldTarget);
    let result: { id: string; caseId: string };
    try {
      const authorDoc = await this.users.findById(String(claimed.authorId));
      if (!authorDoc) throw AppError.notFound(ErrorCodes.NOT_FOUND, 'Author');
      result = await handler.publish(toActor(authorDoc), claimed.payload, claimed.confirmations ?? []);
    } catch (err) {
      await this.repo.transition(id, 'approving', { status: 'pending' });
      throw err;
    }
    const done = await this.repo.transition(
      id,
      'approving',
      { status: 'approved', decidedAt: new Date(), decidedBy: actor.id, resultId: result.id },
      true,
    );
    await this.audit.record('privacy.approved', actor.id, id, {
      target: claimed.target,
      resultId: result.id,
      findings: claimed.findings.map(shape),
    });
    return toReviewDto(done ?? claimed);
  }

  /** Rejection deletes the held text from the queue and, by compacting storage, from the disk. */
  async reject(actor: Actor, id: string): Promise<PrivacyReviewDto & PurgeOutcome> {
    this.access.require(actor, 'privacy.review');
    await this.overrideInScope(actor, id);
    const done = await this.repo.transition(id, 'pending', { status: 'rejected', decidedAt: new Date(), decidedBy: actor.id }, true);
    if (!done) throw AppError.conflict(ErrorCodes.PRIVACY_REVIEW_STATE, 'This review was already decided');
    await this.audit.record('privacy.rejected', actor.id, id, { target: done.target, findings: done.findings.map(shape) });
    await this.targets
      .heldHandler(done.target as HeldTarget)
      .rejected?.(String(done.authorId), done.caseId ? String(done.caseId) : undefined);
    const storage = await this.compactor.afterPurge(actor.id);
    return { ...toReviewDto(done), storage };
  }

  /**
   * Called by cases when a post is reported (it is already hidden). One open report per post; later
   * reports count on it. The reason is stored text, so it passes the gate first (the caller did).
   * Moderators of the cohort are notified, and the author is told the post is hidden (no text).
   */
  async openReport(r: {
    postId: string;
    caseId: string;
    cohortId: string;
    authorId: string;
    reporterId: string;
    reason?: string;
    selection?: { start: number; end: number };
  }): Promise<void> {
    const existing = await this.repo.pendingReport(r.postId);
    if (existing) await this.repo.countRepeatReport(existing._id);
    else {
      await this.repo.insert({
        kind: 'report',
        target: 'post',
        status: 'pending',
        authorId: r.authorId,
        reporterId: r.reporterId,
        cohortId: r.cohortId,
        caseId: r.caseId,
        postId: r.postId,
        findings: [],
        createdAt: new Date(),
        reportCount: 1,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.selection ? { selection: r.selection } : {}),
      });
    }
    await this.audit.record('privacy.reported', r.reporterId, r.postId, {
      caseId: r.caseId,
      repeat: Boolean(existing),
      ...(r.selection ? { selection: r.selection } : {}),
    });
    if (existing) return;
    await this.tellModerators(r.cohortId, r.reporterId, {
      title: 'A post was reported for possible patient identifiers',
      caseId: r.caseId,
      postId: r.postId,
    });
    await this.targets.notify([r.authorId], {
      title: 'Your post was hidden while a moderator reviews a privacy report',
      caseId: r.caseId,
      postId: r.postId,
    });
  }

  /**
   * Redact (gated rewrite) or delete a reported post: both need an open report,
   * purge every earlier version, keep the audit record, tell the author, and compact storage.
   */
  async resolveReport(actor: Actor, postId: string, action: 'redact' | 'delete', body?: string): Promise<PostDto & PurgeOutcome> {
    this.access.require(actor, 'privacy.review');
    const report = await this.openReportFor(actor, postId);
    const handler = this.targets.reportedHandler();
    const post = action === 'redact' ? await handler.redact(actor, postId, body ?? '') : await handler.purge(actor, postId);
    const closed = await this.repo.closeReports(postId, action === 'redact' ? 'redacted' : 'deleted', actor.id, new Date());
    await this.audit.record(action === 'redact' ? 'privacy.redacted' : 'privacy.purged', actor.id, postId, { reportsClosed: closed });
    await this.targets.notify([String(report.authorId)], {
      title:
        action === 'redact'
          ? 'A moderator edited your post to remove possible patient identifiers'
          : 'A moderator deleted your post after a privacy report',
      ...(report.caseId ? { caseId: String(report.caseId) } : {}),
      ...(action === 'redact' ? { postId } : {}),
    });
    const storage = await this.compactor.afterPurge(actor.id);
    return { ...post, storage };
  }

  /** A false report: the post is shown again as it was, the report closed as `restored`. */
  async restoreReport(actor: Actor, postId: string): Promise<PostDto> {
    this.access.require(actor, 'privacy.review');
    const report = await this.openReportFor(actor, postId);
    const post = await this.targets.reportedHandler().restore(actor, postId);
    const closed = await this.repo.closeReports(postId, 'restored', actor.id, new Date());
    await this.audit.record('privacy.restored', actor.id, postId, { reportsClosed: closed });
    await this.targets.notify([String(report.authorId)], {
      title: 'Your post is visible again: a moderator found no patient identifier',
      ...(report.caseId ? { caseId: String(report.caseId) } : {}),
      postId,
    });
    return post;
  }

  // --- reports of other stored texts -------------------------------------------------------------------

  /**
   * Anyone who can read a stored text may report one field of it. It is not hidden (only posts are),
   * but moderators of its cohort are notified and can purge it everywhere it is stored.
   */
  async reportText(actor: Actor, req: ReportTextRequest): Promise<{ status: 'reported'; reviewId: string }> {
    const located = await this.locateFor(actor, req.target, req.id);
    if (located.fields[req.field] === undefined) {
      throw AppError.validation('field names no text of this item', {
        field: 'field',
        reason: `one of: ${Object.keys(located.fields).join(', ')}`,
      });
    }
    const reason = req.reason?.trim();
    if (reason) await this.gate.assertClean({ reason }, { actorId: actor.id, target: `${req.target}.report` });
    const existing = await this.repo.pendingTextReport(req.target, req.id, req.field);
    if (existing) {
      await this.repo.countRepeatReport(existing._id);
      return { status: 'reported', reviewId: String(existing._id) };
    }
    const review = await this.repo.insert({
      kind: 'report',
      target: req.target,
      status: 'pending',
      itemId: req.id,
      field: req.field,
      authorId: located.authorId ?? actor.id,
      reporterId: actor.id,
      cohortId: located.cohortId,
      ...(located.caseId ? { caseId: located.caseId } : {}),
      findings: [],
      createdAt: new Date(),
      reportCount: 1,
      ...(reason ? { reason } : {}),
    });
    await this.audit.record('privacy.reported', actor.id, String(review._id), { target: req.target, field: req.field });
    await this.tellModerators(located.cohortId, actor.id, {
      title: 'A stored text was reported for possible patient identifiers',
      ...(located.caseId ? { caseId: located.caseId } : {}),
    });
    return { status: 'reported', reviewId: String(review._id) };
  }

  /**
   * Replaces the reported field with a gated rewrite (or a neutral placeholder) wherever its module
   * stores it, closes the report, tells the author, keeps the audit record and compacts storage.
   */
  async purgeText(actor: Actor, reviewId: string, text?: string): Promise<PrivacyReviewDto & PurgeOutcome> {
    this.access.require(actor, 'privacy.review');
    const review = await this.openTextReport(actor, reviewId);
    const target = review.target as ReportTextRequest['target'];
    const replacement = text?.trim() || (target === 'user' ? 'Name removed by a moderator' : '[removed by a moderator]');
    if (target === 'user') await this.gate.assertCleanDisplayName(replacement, { actorId: actor.id, target: 'privacy.purge' });
    else await this.gate.assertClean({ [review.field!]: replacement }, { actorId: actor.id, target: 'privacy.purge' });
    await this.targets.textHandler(target).replace(actor, review.itemId!, review.field!, replacement);
    const done = await this.repo.transition(reviewId, 'pending', {
      status: text?.trim() ? 'redacted' : 'deleted',
      decidedAt: new Date(),
      decidedBy: actor.id,
    });
    await this.audit.record(text?.trim() ? 'privacy.redacted' : 'privacy.purged', actor.id, reviewId, { target, field: review.field });
    if (String(review.authorId) !== String(review.reporterId)) {
      await this.targets.notify([String(review.authorId)], {
        title: 'A moderator removed possible patient identifiers from something you wrote',
        ...(review.caseId ? { caseId: String(review.caseId) } : {}),
      });
    }
    const storage = await this.compactor.afterPurge(actor.id);
    return { ...toReviewDto(done ?? review), storage };
  }

  /** A false report of a stored text: closed as `restored`, nothing changes. */
  async restoreText(actor: Actor, reviewId: string): Promise<PrivacyReviewDto> {
    this.access.require(actor, 'privacy.review');
    await this.openTextReport(actor, reviewId);
    const done = await this.repo.transition(reviewId, 'pending', { status: 'restored', decidedAt: new Date(), decidedBy: actor.id });
    if (!done) throw AppError.conflict(ErrorCodes.PRIVACY_REVIEW_STATE, 'This review was already decided');
    await this.audit.record('privacy.restored', actor.id, reviewId, { target: done.target, field: done.field });
    return toReviewDto(done);
  }

  private async locateFor(actor: Actor, target: ReportTextRequest['target'], id: string): Promise<LocatedText> {
    const located = await this.targets.textHandler(target).locate(actor, id);
    if (!located) throw AppError.notFound(ErrorCodes.NOT_FOUND, 'Item');
    return located;
  }

  private async openTextReport(actor: Actor, reviewId: string): Promise<ReviewDoc> {
    const review = await this.repo.findById(reviewId);
    if (!review || review.kind !== 'report' || review.target === 'post' || !review.itemId || !review.field || !inScope(actor, review)) {
      throw AppError.notFound(ErrorCodes.PRIVACY_REVIEW_NOT_FOUND, 'Review');
    }
    if (review.status !== 'pending') throw AppError.conflict(ErrorCodes.PRIVACY_REVIEW_STATE, 'This review was already decided');
    return review;
  }

  /** The open report on a post in the moderator's cohorts; 404 when the post is not theirs, 409 when none is open. */
  private async openReportFor(actor: Actor, postId: string): Promise<ReviewDoc> {
    const report = await this.repo.pendingReport(postId);
    if (report && !inScope(actor, report)) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    if (!report) {
      // the handler answers 404 for posts outside the moderator's cohorts, so nothing leaks
      await this.targets
        .reportedHandler()
        .preview(actor, postId)
        .then((p) => {
          if (!p) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
        });
      throw AppError.conflict(
        ErrorCodes.PRIVACY_NO_OPEN_REPORT,
        'This post has no open privacy report: report it first, then resolve the report',
      );
    }
    return report;
  }

  /** Notifies the cohort's moderators (not `exceptId`, who acted); metadata only. */
  private async tellModerators(
    cohortId: string,
    exceptId: string,
    notice: { title: string; caseId?: string; postId?: string },
  ): Promise<void> {
    const members = await this.users.membersOf(cohortId);
    const ids = members.filter((u) => u.moderator && String(u._id) !== exceptId).map((u) => String(u._id));
    await this.targets.notify(ids, notice);
  }

  private async overrideInScope(actor: Actor, id: string): Promise<ReviewDoc> {
    const existing = await this.repo.findById(id);
    if (!existing || existing.kind !== 'override' || !inScope(actor, existing))
      throw AppError.notFound(ErrorCodes.PRIVACY_REVIEW_NOT_FOUND, 'Review');
    return existing;
  }

  private async claimOverride(actor: Actor, id: string): Promise<ReviewDoc> {
    await this.overrideInScope(actor, id);
    const claimed = await this.repo.transition(id, 'pending', { status: 'approving' });
    if (!claimed) throw AppError.conflict(ErrorCodes.PRIVACY_REVIEW_STATE, 'This review was already decided');
    return claimed;
  }
}

/** Moderators act on the cohorts they belong to; admins on every cohort. */
function inScope(actor: Actor, d: ReviewDoc): boolean {
  return actor.role === 'admin' || actor.cohortIds.includes(String(d.cohortId));
}

export function toReviewDto(d: ReviewDoc): PrivacyReviewDto {
  return {
    id: String(d._id),
    kind: d.kind,
    target: d.target,
    status: d.status === 'approving' ? 'pending' : d.status,
    authorId: String(d.authorId),
    cohortId: String(d.cohortId),
    findings: (d.findings ?? []).map((f) => ({ ...shape(f), type: f.type as PhiType })),
    createdAt: new Date(d.createdAt).toISOString(),
    ...(d.reporterId ? { reporterId: String(d.reporterId) } : {}),
    ...(d.caseId ? { caseId: String(d.caseId) } : {}),
    ...(d.postId ? { postId: String(d.postId) } : {}),
    ...(d.confirmations ? { confirmations: d.confirmations } : {}),
    ...(d.payload !== undefined && d.payload !== null ? { payload: d.payload } : {}),
    ...(d.decidedAt ? { decidedAt: new Date(d.decidedAt).toISOString() } : {}),
    ...(d.decidedBy ? { decidedBy: String(d.decidedBy) } : {}),
    ...(d.resultId ? { resultId: String(d.resultId) } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.selection ? { selection: { start: d.selection.start, end: d.selection.end } } : {}),
    ...(d.kind === 'report' ? { reportCount: d.reportCount ?? 1 } : {}),
    ...(d.itemId ? { itemId: d.itemId } : {}),
    ...(d.field ? { field: d.field } : {}),
  };
}
