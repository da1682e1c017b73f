import { Controller, Get } from '@nestjs/common';
import { HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ErrorCodes } from '@casebridge/contracts';
import { Public } from '../modules/identity';
import { AppError } from '../common/app-error';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
  ) {}

  /** `{status:"ok"}` once the database answers a ping (contract.md "Running"). */
  @Public()
  @SkipThrottle()
  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.health.check([() => this.mongoose.pingCheck('database', { timeout: 1500 })]);
    } catch {
      throw new AppError(ErrorCodes.DB_UNAVAILABLE, 'The database is not reachable', 503);
    }
    return { status: 'ok', database: 'up' };
  }
}
