import { Global, Module } from '@nestjs/common';
import { PrivacyGate } from './privacy.gate';
import { PrivacyController } from './privacy.controller';

@Global()
@Module({ providers: [PrivacyGate], controllers: [PrivacyController], exports: [PrivacyGate] })
export class PrivacyModule {}
