import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { Readiness } from './readiness';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  /** Liveness: the process works (its Kafka consumer has not crashed). */
  @Public()
  @Get('health')
  @HttpCode(200)
  health(@Res({ passthrough: true }) res: Response) {
    const problems = this.readiness.alive();
    if (problems.length) res.status(503);
    return { status: problems.length ? 'down' : 'up', problems };
  }

  /** Readiness: Kafka, the database and Redis answer. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await this.readiness.run();
    res.status(result.ready ? 200 : 503);
    return { status: result.ready ? 'ready' : 'not-ready', checks: result.checks };
  }
}
