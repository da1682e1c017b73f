import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { PhiFinding } from '@casebridge/contracts';
import { ValidBody } from '../../common/validation';
import { PrivacyGate } from './privacy.gate';

const ScanRequest = Type.Object(
  { fields: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.]{1,60}$' }), Type.String({ maxLength: 20000 }), { maxProperties: 40 }) },
  { additionalProperties: false },
);

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class PrivacyController {
  constructor(private readonly gate: PrivacyGate) {}

  /** The server's verdict for a draft: nothing is stored or logged. */
  @Post('scan')
  @HttpCode(200)
  scan(@ValidBody(ScanRequest) body: Static<typeof ScanRequest>): { findings: PhiFinding[] } {
    return { findings: this.gate.scan(body.fields) };
  }
}
