import { Controller, Get } from '@nestjs/common';
import { HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ErrorCodes } from '@casebridge/contracts';
import { Public } from '../modules/identity';
import { AppError } from '../common/app-error';
import { DatabaseStatus } from './database-status';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly database: DatabaseStatus,
  ) {}

  /** `{status:"ok"}` once the database answers a ping (docs/contract.md "Running"). */
  @Public()
  @SkipThrottle()
  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    // known down (driver heartbeat failed): answer at once instead of waiting for the ping to time out
    if (!this.database.isUp) throw new AppError(ErrorCodes.DB_UNAVAILABLE, 'The database is not reachable', 503);
    try {
      await this.health.check([() => this.mongoose.pingCheck('database', { timeout: 1500 })]);
    } catch {
      throw new AppError(ErrorCodes.DB_UNAVAILABLE, 'The database is not reachable', 503);
    }
    return { status: 'ok', database: 'up' };
  }
}
