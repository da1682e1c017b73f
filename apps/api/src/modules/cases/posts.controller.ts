import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EditPostRequest, type PostDto } from '@casebridge/contracts';
import { ValidBody } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { PostsService } from './posts.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

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
    return this.posts.remove(actor, id);
  }

  @Post(':id/endorse')
  @HttpCode(200)
  endorse(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PostDto> {
    return this.posts.endorse(actor, id);
  }

  /** "Report PHI": 202, the post is hidden at once from everyone but moderators. */
  @Post(':id/report')
  @HttpCode(202)
  report(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ status: 'hidden' }> {
    return this.posts.report(actor, id);
  }
}
