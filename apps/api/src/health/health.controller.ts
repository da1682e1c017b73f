import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ErrorCodes } from '@casebridge/contracts';
import { Public } from '../modules/identity';
import { AppError } from '../common/app-error';
import { DatabaseStatus } from './database-status';

/** How long a health probe waits for the database's ping. */
const PING_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseStatus) {}

  /** `{status:"ok"}` once the database answers a ping (docs/contract.md "Running"). */
  @Public()
  @SkipThrottle()
  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    // known down (driver heartbeat failed): answers at once instead of waiting for the ping to time out
    if (!(await this.database.ping(PING_TIMEOUT_MS))) {
      throw new AppError(ErrorCodes.DB_UNAVAILABLE, 'The database is not reachable', 503);
    }
    return { status: 'ok', database: 'up' };
  }
}
