import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NotificationsModule } from '../notifications';
import { CASE, CaseSchema, FOLLOW, FollowSchema, READ_MARK, ReadMarkSchema } from './infra/case.schema';
import { POST, PostSchema } from './infra/post.schema';
import { CasesRepository } from './infra/cases.repository';
import { PostsRepository } from './infra/posts.repository';
import { CasesService } from './cases.service';
import { PostsService } from './posts.service';
import { PostsModerationService } from './posts-moderation.service';
import { PostFanout } from './post-fanout';
import { CasesController } from './cases.controller';
import { PostsController } from './posts.controller';
import { CasesGateway } from './cases.gateway';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CASE, schema: CaseSchema },
      { name: FOLLOW, schema: FollowSchema },
      { name: READ_MARK, schema: ReadMarkSchema },
      { name: POST, schema: PostSchema },
    ]),
    NotificationsModule,
  ],
  providers: [CasesRepository, PostsRepository, PostFanout, PostsService, PostsModerationService, CasesService, CasesGateway],
  controllers: [CasesController, PostsController],
  exports: [CasesService],
})
export class CasesModule {}
