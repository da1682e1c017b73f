import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { PhiFinding } from '@casebridge/contracts';
import { ValidBody } from '../../common/validation';
import { MAX_SCAN_CHARS, ScanPool } from './scan-pool';

const ScanRequest = Type.Object(
  {
    fields: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.]{1,60}$' }), Type.String({ maxLength: MAX_SCAN_CHARS }), {
      maxProperties: 40,
    }),
  },
  { additionalProperties: false },
);

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class PrivacyController {
  constructor(private readonly pool: ScanPool) {}

  /**
   * The server's verdict for a draft: nothing is stored or logged. Runs in a worker thread, so a
   * long or crafted draft never stalls the server; more than MAX_SCAN_CHARS in total is 413.
   */
  @Post('scan')
  @HttpCode(200)
  async scan(@ValidBody(ScanRequest) body: Static<typeof ScanRequest>): Promise<{ findings: PhiFinding[] }> {
    return { findings: await this.pool.scan(body.fields) };
  }
}
