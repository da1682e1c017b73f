import { Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CloseCaseRequest,
  CreateCaseRequest,
  CreatePostRequest,
  FollowLevelRequest,
  FollowUpRequest,
  ListCasesQuery,
  ListPostsQuery,
  MarkReadRequest,
  type CaseDto,
  type FollowLevel,
  type Page,
  type PostDto,
} from '@casebridge/contracts';
import { ValidBody, ValidQuery } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { CasesService } from './cases.service';
import { PostsService } from './posts.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly posts: PostsService,
  ) {}

  @Post()
  create(@CurrentActor() actor: Actor, @ValidBody(CreateCaseRequest) body: CreateCaseRequest): Promise<CaseDto> {
    return this.cases.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @ValidQuery(ListCasesQuery) q: ListCasesQuery): Promise<Page<CaseDto>> {
    return this.cases.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDto> {
    return this.cases.get(actor, id);
  }

  @Post(':id/follow-ups')
  followUp(@CurrentActor() actor: Actor, @Param('id') id: string, @ValidBody(FollowUpRequest) body: FollowUpRequest): Promise<CaseDto> {
    return this.cases.addFollowUp(actor, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @ValidBody(CloseCaseRequest) body: CloseCaseRequest): Promise<CaseDto> {
    return this.cases.close(actor, id, body);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  reopen(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDto> {
    return this.cases.reopen(actor, id);
  }

  @Put(':id/read')
  markRead(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(MarkReadRequest) body: MarkReadRequest,
  ): Promise<{ seq: number }> {
    return this.cases.markRead(actor, id, body.seq);
  }

  @Put(':id/follow')
  follow(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(FollowLevelRequest) body: FollowLevelRequest,
  ): Promise<{ level: FollowLevel }> {
    return this.cases.follow(actor, id, body.level as FollowLevel);
  }

  /** 201 with the new post; 200 with the same stored post when the clientId was already used. */
  @Post(':id/posts')
  async createPost(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(CreatePostRequest) body: CreatePostRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PostDto> {
    const { post, created } = await this.posts.create(actor, id, body);
    res.status(created ? 201 : 200);
    return post;
  }

  @Get(':id/posts')
  listPosts(@CurrentActor() actor: Actor, @Param('id') id: string, @ValidQuery(ListPostsQuery) q: ListPostsQuery): Promise<PostDto[]> {
    return this.posts.list(actor, id, q.afterSeq ?? 0, q.limit ?? 200);
  }
}
