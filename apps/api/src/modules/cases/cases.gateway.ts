import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Type } from '@sinclair/typebox';
import { CreatePostRequest, ObjectIdString, type AckResult, type PostDto } from '@casebridge/contracts';
import { validate } from '../../common/validation';
import { SOCKET_OPTIONS, ack, type IoSocket } from '../realtime';
import { PostsService } from './posts.service';

const Subscribe = Type.Object(
  { caseId: ObjectIdString, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
const Unsubscribe = Type.Object({ caseId: ObjectIdString }, { additionalProperties: false });
const CreatePost = Type.Object({ caseId: ObjectIdString, ...CreatePostRequest.properties }, { additionalProperties: false });

/** Handlers only: access, gate and publishing live in PostsService (shared with REST). */
@WebSocketGateway(SOCKET_OPTIONS)
export class CasesGateway {
  constructor(private readonly posts: PostsService) {}

  /** Access is checked on every join; the ack holds exactly the posts after `afterSeq`. */
  @SubscribeMessage('case:subscribe')
  subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() payload: unknown): Promise<AckResult<{ missed: PostDto[]; seq: number }>> {
    return ack(async () => {
      const p = validate(Subscribe, payload);
      const room = await this.posts.roomToJoin(socket.data.actor, p.caseId);
      await socket.join(room);
      return this.posts.catchUp(socket.data.actor, p.caseId, p.afterSeq);
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
