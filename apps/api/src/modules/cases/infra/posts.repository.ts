import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { POST, type PostDoc } from './post.schema';
import { isDuplicateKey, isOid, newId, oid } from '../../../infra/persistence';

/** A new post as the service writes it: the author's, parent's and mentioned ids as strings (made ObjectIds here). */
export type NewPost = Omit<PostDoc, '_id' | 'seq' | 'authorId' | 'parentId' | 'mentions'> & {
  authorId: string;
  parentId?: string;
  mentions: string[];
};

/** Outcome of an insert: the stored post, or the one this author already stored under that clientId. */
export type InsertResult = { post: PostDoc; created: true } | { post: PostDoc; created: false };

@Injectable()
export class PostsRepository {
  constructor(@InjectModel(POST) private readonly posts: Model<PostDoc>) {}

  findById(id: string): Promise<PostDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.posts.findById(id).lean<PostDoc>().exec();
  }

  // The write path below uses the driver's collection directly: no mongoose query
  // building, casting or hydration per post; every id is already an ObjectId (oid()).

  findByClientId(authorId: string, clientId: string): Promise<PostDoc | null> {
    return this.posts.collection.findOne<PostDoc>({ authorId: oid(authorId), clientId });
  }

  async maxSeq(caseId: string): Promise<number> {
    const last = await this.posts.collection.findOne<{ seq: number }>(
      { caseId: oid(caseId) },
      { projection: { _id: 0, seq: 1 }, sort: { seq: -1 } },
    );
    return last?.seq ?? 0;
  }

  /**
   * Gap-free per-case sequence without transactions: a post takes seq = (highest stored seq) + 1 and
   * the unique index {caseId, seq} decides races; the loser re-reads and tries the next number.
   * Nothing is reserved before the insert succeeds, so a failed insert leaves no hole (unlike
   * "$inc a counter, then insert"). A duplicate on {authorId, clientId} instead means this is a
   * retry: the stored post is returned.
   *
   * `knownSeq`: a sequence number known to be taken already (the case's `lastSeq`, which only ever
   * follows stored posts), so the first attempt can skip reading the highest seq; when it is stale
   * the insert meets the unique index and the loop reads the real highest, as for any race.
   */
  async insertNext(input: NewPost, knownSeq?: number, maxAttempts = 200): Promise<InsertResult> {
    const { parentId, ...rest } = input;
    const post: Omit<PostDoc, 'seq'> = {
      ...rest,
      _id: newId(),
      authorId: oid(input.authorId),
      ...(parentId ? { parentId: oid(parentId) } : {}),
      mentions: input.mentions.map((id) => oid(id)),
    };
    const caseId = String(post.caseId);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const seq = (attempt === 0 && knownSeq !== undefined ? knownSeq : await this.maxSeq(caseId)) + 1;
      const doc = { ...post, seq };
      try {
        await this.posts.collection.insertOne(doc as never);
        return { post: doc as PostDoc, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (post.clientId && !isSeqClash(err)) {
          const existing = await this.findByClientId(String(post.authorId), post.clientId);
          if (existing) return { post: existing, created: false };
        }
        // lost the race for this seq: back off a little (jitter) and take the next one
        if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
      }
    }
    throw new Error('could not allocate a post sequence number');
  }

  listAfter(caseId: string, afterSeq: number, limit: number): Promise<PostDoc[]> {
    return this.posts
      .find({ caseId: oid(caseId), seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<PostDoc[]>()
      .exec();
  }

  /** Edit with history; conditional on the body read, so two concurrent edits cannot lose a version. */
  edit(id: string, previousBody: string, body: string, at: Date): Promise<PostDoc | null> {
    return this.posts
      .findOneAndUpdate(
        { _id: oid(id), body: previousBody, deleted: { $ne: true }, hidden: { $ne: true } },
        { $push: { history: { body: previousBody, editedAt: at } }, $set: { body, editedAt: at } },
        { new: true },
      )
      .lean<PostDoc>()
      .exec();
  }

  endorse(id: string, userId: string): Promise<PostDoc | null> {
    return this.posts
      .findOneAndUpdate({ _id: oid(id) }, { $addToSet: { endorsedBy: oid(userId) } }, { new: true })
      .lean<PostDoc>()
      .exec();
  }

  softDelete(id: string, by: string, at: Date): Promise<PostDoc | null> {
    return this.posts
      .findOneAndUpdate({ _id: oid(id) }, { $set: { deleted: true, deletedAt: at, deletedBy: oid(by) } }, { new: true })
      .lean<PostDoc>()
      .exec();
  }

  hide(id: string, at: Date): Promise<PostDoc | null> {
    return this.posts
      .findOneAndUpdate({ _id: oid(id) }, { $set: { hidden: true, hiddenAt: at } }, { new: true })
      .lean<PostDoc>()
      .exec();
  }

  /**
   * Privacy purge: the reported text leaves the document (and so the text index) together with
   * every earlier version. `body` is the moderator's gated rewrite, or '' when the post is deleted.
   */
  purge(id: string, body: string, deletedBy: string | null, at: Date): Promise<PostDoc | null> {
    const set: Record<string, unknown> = { body, history: [], hidden: false, purgedAt: at };
    const unset: Record<string, 1> = { recommendation: 1 };
    if (deletedBy) Object.assign(set, { deleted: true, deletedAt: at, deletedBy: oid(deletedBy) });
    else set.redactedAt = at;
    return this.posts
      .findOneAndUpdate({ _id: oid(id) }, { $set: set, ...(deletedBy ? { $unset: unset } : {}) }, { new: true })
      .lean<PostDoc>()
      .exec();
  }

  /** A false report: shown again (only while it is still hidden and not deleted). */
  unhide(id: string): Promise<PostDoc | null> {
    return this.posts
      .findOneAndUpdate(
        { _id: oid(id), hidden: true, deleted: { $ne: true } },
        { $set: { hidden: false }, $unset: { hiddenAt: 1 } },
        { new: true },
      )
      .lean<PostDoc>()
      .exec();
  }

  /** Case ids whose visible posts match the search (text index `post_text`). */
  async caseIdsMatchingText(q: string, cap: number): Promise<string[]> {
    const docs = await this.posts
      .find({ $text: { $search: q }, hidden: { $ne: true }, deleted: { $ne: true } }, { caseId: 1 })
      .limit(cap)
      .lean<{ caseId: Types.ObjectId }[]>()
      .exec();
    return [...new Set(docs.map((d) => String(d.caseId)))];
  }

  async professionsOfAll(): Promise<string[]> {
    const docs = await this.posts
      .find({ kind: { $ne: 'system' }, deleted: { $ne: true } }, { authorProfession: 1 })
      .lean<{ authorProfession: string }[]>()
      .exec();
    return docs.map((d) => d.authorProfession);
  }
}

/** A duplicate on the {caseId, seq} index (a lost race for the number), as the server names it. */
function isSeqClash(err: unknown): boolean {
  const pattern = (err as { keyPattern?: Record<string, unknown> } | null)?.keyPattern;
  return !!pattern && 'seq' in pattern && !('clientId' in pattern);
}
