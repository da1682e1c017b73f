import { Injectable } from '@nestjs/common';
import type { PostDto, TextTarget } from '@casebridge/contracts';
import type { Actor } from '../identity';

export type HeldTarget = 'case' | 'post';

/** Where a stored text lives, as one reader may see it (null from `locate`: not visible to them). */
export interface LocatedText {
  cohortId: string;
  caseId?: string;
  /** Who wrote it (told when a moderator purges it); none for cohort names. */
  authorId?: string;
  /** Its text fields by name. */
  fields: Record<string, string>;
}

/**
 * A stored text other than a post, registered by the module that owns it:
 * case fields and follow-ups (cases), escalation question and answer (escalations), chat messages
 * (live sessions: the event log row and the cached snapshot), display and cohort names (identity).
 */
export interface StoredTextHandler {
  locate(reader: Actor, id: string): Promise<LocatedText | null>;
  /** Replaces one field everywhere this module stores it (already gated by the caller). */
  replace(moderator: Actor, id: string, field: string, text: string): Promise<void>;
}
export interface Confirmation {
  field: string;
  start: number;
  end: number;
}

/**
 * How the privacy workflow reaches the items it governs without importing the features that own
 * them (no cycle: cases imports privacy, then registers these handlers at start-up).
 */
export interface HeldItemHandler {
  /**
   * Validates a payload and the author's access exactly as the normal write would; returns the text
   * fields the gate scans (same field names as the normal write), where the item belongs, and the
   * findings the normal write lets through anyway (resolved mentions of colleagues).
   */
  prepare(
    author: Actor,
    payload: unknown,
  ): Promise<{ payload: unknown; fields: Record<string, string>; cohortId: string; caseId?: string; allowed?: Confirmation[] }>;
  /** Publishes the held item as its author, letting exactly the confirmed findings through. */
  publish(author: Actor, payload: unknown, confirmed: Confirmation[]): Promise<{ id: string; caseId: string }>;
  /** Tells the author the held item was not published (a notification without text). */
  rejected?(authorId: string, caseId?: string): Promise<void>;
}

export interface ReportedPostHandler {
  /** The post as moderators see it (for the review queue). */
  preview(moderator: Actor, postId: string): Promise<PostDto | null>;
  /** Replaces the text with a gated rewrite and purges every earlier version. */
  redact(moderator: Actor, postId: string, body: string): Promise<PostDto>;
  /** Deletes the text and every earlier version; the post stays as a tombstone holding its seq. */
  purge(moderator: Actor, postId: string): Promise<PostDto>;
  /** A false report: the post is shown again, unchanged. */
  restore(moderator: Actor, postId: string): Promise<PostDto>;
}

/** A privacy notice (metadata only, never text) to some users; sent by the notifications module. */
export interface PrivacyNotice {
  title: string;
  caseId?: string;
  postId?: string;
}
export type PrivacyNotifier = (userIds: string[], notice: PrivacyNotice) => Promise<void>;

@Injectable()
export class PrivacyTargets {
  private readonly held = new Map<HeldTarget, HeldItemHandler>();
  private reported?: ReportedPostHandler;
  private notifier?: PrivacyNotifier;
  private readonly texts = new Map<TextTarget, StoredTextHandler>();

  registerText(target: TextTarget, handler: StoredTextHandler): void {
    this.texts.set(target, handler);
  }
  textHandler(target: TextTarget): StoredTextHandler {
    const h = this.texts.get(target);
    if (!h) throw new Error(`no privacy handler registered for ${target}`);
    return h;
  }

  registerHeld(target: HeldTarget, handler: HeldItemHandler): void {
    this.held.set(target, handler);
  }
  registerReported(handler: ReportedPostHandler): void {
    this.reported = handler;
  }
  registerNotifier(notifier: PrivacyNotifier): void {
    this.notifier = notifier;
  }
  /** Sends a notice when a notifier is registered (always, once the app is up). */
  notify(userIds: string[], notice: PrivacyNotice): Promise<void> {
    return this.notifier ? this.notifier(userIds, notice) : Promise.resolve();
  }
  heldHandler(target: HeldTarget): HeldItemHandler {
    const h = this.held.get(target);
    if (!h) throw new Error(`no privacy handler registered for ${target}`);
    return h;
  }
  reportedHandler(): ReportedPostHandler {
    if (!this.reported) throw new Error('no privacy handler registered for reported posts');
    return this.reported;
  }
}
