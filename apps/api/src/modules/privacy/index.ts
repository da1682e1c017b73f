export { PrivacyModule } from './privacy.module';
export { PrivacyGate, textFields } from './privacy.gate';
export {
  PrivacyTargets,
  type HeldItemHandler,
  type ReportedPostHandler,
  type Confirmation,
  type HeldTarget,
  type PrivacyNotice,
  type StoredTextHandler,
  type LocatedText,
} from './review-targets';
export { PrivacyReviewsService } from './privacy-reviews.service';
