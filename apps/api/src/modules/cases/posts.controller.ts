import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { EditPostRequest, type PostDto } from '@casebridge/contracts';
import { ValidBody, validate } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { PostsService } from './posts.service';
import { PostsModerationService } from './posts-moderation.service';

/** "Report identifier": an optional reason and the offending part of the body. */
const ReportPostRequest = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    start: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    end: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

@ApiTags('cases')
@ApiBearerAuth()
@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly moderation: PostsModerationService,
  ) {}

  @Patch(':id')
  edit(@CurrentActor() actor: Actor, @Param('id') id: string, @ValidBody(EditPostRequest) body: EditPostRequest): Promise<PostDto> {
    return this.posts.edit(actor, id, body.body);
  }

  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ body: string; editedAt: string }[]> {
    return this.posts.history(actor, id);
  }

  @Delete(':id')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PostDto> {
    return this.moderation.remove(actor, id);
  }

  @Post(':id/endorse')
  @HttpCode(200)
  endorse(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PostDto> {
    return this.posts.endorse(actor, id);
  }

  /** "Report PHI": 202, the post is hidden at once from everyone but moderators. The body is optional. */
  @Post(':id/report')
  @HttpCode(202)
  @ApiBody({ schema: ReportPostRequest as never, required: false })
  report(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() raw: unknown): Promise<{ status: 'hidden' }> {
    return this.moderation.report(actor, id, validate(ReportPostRequest, raw ?? {}));
  }
}
