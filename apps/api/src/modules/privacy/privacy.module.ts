import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PrivacyGate } from './privacy.gate';
import { PrivacyController } from './privacy.controller';
import { PrivacyReviewsController } from './privacy-reviews.controller';
import { PrivacyReviewsService } from './privacy-reviews.service';
import { PrivacyTargets } from './review-targets';
import { REVIEW, ReviewSchema } from './infra/review.schema';
import { ReviewsRepository, StorageRepository } from './infra/reviews.repository';
import { StorageCompactor } from './storage-compactor';
import { ScanPool } from './scan-pool';

/**
 * The gate (used by every write) and the review workflow. The workflow reaches cases and posts
 * through handlers those modules register in PrivacyTargets, so privacy imports no feature.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: REVIEW, schema: ReviewSchema }])],
  providers: [PrivacyGate, PrivacyTargets, ReviewsRepository, StorageRepository, StorageCompactor, PrivacyReviewsService, ScanPool],
  controllers: [PrivacyController, PrivacyReviewsController],
  exports: [PrivacyGate, PrivacyTargets, PrivacyReviewsService],
})
export class PrivacyModule {}
