export { PrivacyModule } from './privacy.module';
export { PrivacyGate, textFields } from './privacy.gate';
export { PrivacyTargets, type HeldItemHandler, type ReportedPostHandler, type Confirmation, type HeldTarget } from './review-targets';
export { PrivacyReviewsService } from './privacy-reviews.service';
