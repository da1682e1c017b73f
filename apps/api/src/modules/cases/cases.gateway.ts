import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Type } from '@sinclair/typebox';
import { CreatePostRequest, ObjectIdString, type AckResult, type PostDto } from '@casebridge/contracts';
import { validate } from '../../common/validation';
import { SOCKET_OPTIONS, ack, type IoSocket } from '../realtime';
import { AccessService } from '../identity';
import { PostsService } from './posts.service';
import { CasesRepository } from './infra/cases.repository';
import { PostsRepository } from './infra/posts.repository';
import { CaseSubscriptions } from './case-subscriptions';

const Subscribe = Type.Object(
  { caseId: ObjectIdString, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
const Unsubscribe = Type.Object({ caseId: ObjectIdString }, { additionalProperties: false });
const CreatePost = Type.Object({ caseId: ObjectIdString, ...CreatePostRequest.properties }, { additionalProperties: false });

/** Handlers only: access, gate and publishing live in PostsService (shared with REST). */
@WebSocketGateway(SOCKET_OPTIONS)
export class CasesGateway {
  private readonly subscriptions: CaseSubscriptions;

  constructor(
    private readonly posts: PostsService,
    cases: CasesRepository,
    postsRepo: PostsRepository,
    access: AccessService,
  ) {
    this.subscriptions = new CaseSubscriptions(cases, postsRepo, posts, access);
  }

  /**
   * Access is checked on every join; the ack holds exactly the posts after `afterSeq`. The reads of
   * a reconnecting fleet's subscriptions are shared per event-loop turn (CaseSubscriptions).
   */
  @SubscribeMessage('case:subscribe')
  subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<{ missed: PostDto[]; seq: number }>> {
    return ack(async () => {
      const p = validate(Subscribe, payload);
      const { room, c } = await this.subscriptions.roomToJoin(socket.data.actor, p.caseId);
      await socket.join(room);
      return this.subscriptions.catchUp(socket.data.actor, c, p.afterSeq);
    });
  }

  @SubscribeMessage('case:unsubscribe')
  unsubscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<Record<string, never>>> {
    return ack(async () => {
      const p = validate(Unsubscribe, payload);
      for (const room of this.posts.allRooms(p.caseId)) await socket.leave(room);
      return {};
    });
  }

  @SubscribeMessage('post:create')
  create(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<PostDto>> {
    return ack(async () => {
      const { caseId, ...req } = validate(CreatePost, payload);
      return (await this.posts.create(socket.data.actor, caseId, req)).post;
    });
  }
}
