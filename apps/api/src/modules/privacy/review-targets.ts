import { Injectable } from '@nestjs/common';
import type { PostDto } from '@casebridge/contracts';
import type { Actor } from '../identity';

export type HeldTarget = 'case' | 'post';
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
   * fields the gate scans (same field names as the normal write) and where the item belongs.
   */
  prepare(author: Actor, payload: unknown): Promise<{ payload: unknown; fields: Record<string, string>; cohortId: string; caseId?: string }>;
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
}

@Injectable()
export class PrivacyTargets {
  private readonly held = new Map<HeldTarget, HeldItemHandler>();
  private reported?: ReportedPostHandler;

  registerHeld(target: HeldTarget, handler: HeldItemHandler): void {
    this.held.set(target, handler);
  }
  registerReported(handler: ReportedPostHandler): void {
    this.reported = handler;
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
