export { PrivacyModule } from './privacy.module';
export { PrivacyGate, textFields } from './privacy.gate';
