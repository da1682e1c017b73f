import { Injectable } from '@nestjs/common';
import { rooms, type FollowLevel, type PostDto } from '@casebridge/contracts';
import { AccessService, UsersRepository, toActor, type Actor, type Resource } from '../identity';
import { NotificationsService, quoted } from '../notifications';
import { Publisher } from '../realtime';
import { AUDIENCES, audienceOf, type Audience, type AuthorInfo } from './audience';
import { toPostDto, userIdsOf, type Authors, type Viewer } from './cases.mapper';
import type { CaseDoc } from './infra/case.schema';
import type { PostDoc } from './infra/post.schema';

export const caseResource = (c: CaseDoc): Resource => ({
  kind: 'case',
  cohortId: String(c.cohortId),
  authorId: String(c.authorId),
  facultyIds: (c.facultyIds ?? []).map(String),
});

export const postResource = (c: CaseDoc, p: PostDoc): Resource => ({
  kind: 'post',
  cohortId: String(c.cohortId),
  authorId: String(p.authorId),
  facultyIds: (c.facultyIds ?? []).map(String),
});

export const roomFor = (caseId: string, audience: Audience): string =>
  audience === 'peer' ? rooms.case(caseId) : rooms.caseAudience(caseId, audience);

export function authorInfo(a: Actor): AuthorInfo {
  return { id: a.id, displayName: a.displayName, profession: a.profession, role: a.role };
}

export function viewerOf(a: Actor): Viewer {
  return { id: a.id, audience: audienceOf(a) };
}

/**
 * Fan-out of posts: the live events per audience room and the notifications of a new post. The
 * thread service (create, edit) and the moderation service (hide, redact, purge, restore) both
 * deliver through here, so every change reaches each audience in the view it may see.
 */
@Injectable()
export class PostFanout {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly publisher: Publisher,
    private readonly notifications: NotificationsService,
  ) {}

  allRooms(caseId: string): string[] {
    return AUDIENCES.map((a) => roomFor(caseId, a));
  }

  async authorsOf(docs: PostDoc[]): Promise<Authors> {
    const users = await this.users.findByIds(userIdsOf(docs));
    return new Map(users.map((u) => [String(u._id), authorInfo(toActor(u))]));
  }

  /** `post:updated` to every audience; returns the post as `viewer` sees it. */
  async publishUpdate(p: PostDoc, viewer: Actor): Promise<PostDto> {
    const authors = await this.authorsOf([p]);
    this.publish('post:updated', p, authors);
    return toPostDto(p, authors, viewerOf(viewer));
  }

  /**
   * One emit per distinct view, to the rooms that share it: peers (`case:{id}`) get anonymised
   * authors and no hidden text; faculty (`case:{id}:staff`) names; moderators and admins
   * (`case:{id}:mod`) names and hidden text. Identical views go out in a single emit.
   */
  publish(event: 'post:created' | 'post:updated', p: PostDoc, authors: Authors): void {
    const caseId = String(p.caseId);
    const groups: { json: string; dto: PostDto; rooms: string[] }[] = [];
    for (const audience of AUDIENCES) {
      const dto = toPostDto(p, authors, { id: '', audience });
      const json = JSON.stringify(dto);
      const g = groups.find((x) => x.json === json);
      if (g) g.rooms.push(roomFor(caseId, audience));
      else groups.push({ json, dto, rooms: [roomFor(caseId, audience)] });
    }
    for (const g of groups) this.publisher.toRoom(g.rooms, event, g.dto);
  }

  /**
   * Mentions notify the mentioned (unless they muted the case); other followers get "new post".
   * Titles carry only the case title (it passed the gate), never post text or an anonymous name.
   * `members`: users already read (the mentionable); `levels`: the thread's follow levels.
   */
  async notifyNewPost(
    c: CaseDoc,
    post: PostDoc,
    mentions: string[],
    members: Actor[],
    levels: Map<string, FollowLevel>,
    actorName?: string,
  ): Promise<void> {
    const caseId = String(c._id);
    const authorId = String(post.authorId);
    const resource = caseResource(c);
    const mentioned = mentions.filter((id) => levels.get(id) !== 'muted' && id !== authorId);
    const followerIds = [...levels]
      .filter(([id, level]) => level === 'following' && id !== authorId && !mentioned.includes(id))
      .map(([id]) => id);
    // followers may have lost access since they followed (left the cohort): check each one now
    const known = new Map(members.map((m) => [m.id, m]));
    const missing = followerIds.filter((id) => !known.has(id));
    for (const u of missing.length ? await this.users.findByIds(missing) : []) known.set(String(u._id), toActor(u));
    const canRead = (id: string) => {
      const a = known.get(id);
      return !!a && this.access.can(a, 'case.read', resource);
    };
    const title = quoted(c.title);
    // Who acted, unless the author is anonymous (then no name at all, to anyone).
    const ref = { caseId, postId: String(post._id), ...(actorName ? { actorName } : {}) };
    await this.notifications.notify(mentioned.filter(canRead), { type: 'mention', title: `You were mentioned in ${title}`, ...ref });
    await this.notifications.notify(followerIds.filter(canRead), {
      type: 'post',
      title: post.kind === 'recommendation' ? `New recommendation in ${title}` : `New post in ${title}`,
      ...ref,
    });
  }
}
