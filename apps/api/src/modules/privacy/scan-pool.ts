import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { scanFields } from '@casebridge/deid';
import { ErrorCodes, type PhiFinding } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';

/** Most characters one scan request may carry in total (the composer sends far less). */
export const MAX_SCAN_CHARS = 60_000;
/** Scans waiting for a worker before new ones are turned away with 503. */
const MAX_QUEUE = 32;

/**
 * Runs the detector in one worker thread: draft scans (POST /privacy/scan) and the write-path gate
 * (PrivacyGate.assertClean, before every stored text). A large or crafted input costs that worker
 * time but never stalls the event loop that answers /api/health, sockets and other requests, and
 * an ordinary post's 2–3 ms of detection runs on the other core instead of the event loop. The
 * detector is linear but not free (a 60,000-character crafted text takes a few hundred ms on this
 * hardware), which is too long to block the main thread for.
 *
 * When the compiled worker is absent (ts-jest runs the TypeScript sources), scans run inline.
 */
@Injectable()
export class ScanPool implements OnModuleDestroy {
  private readonly pool: Piscina | null;

  constructor() {
    // beside this module in tsc's output; under dist/ when it runs from the bundle (dist/server.js)
    const file = [path.join(__dirname, 'scan.worker.js'), path.join(__dirname, 'modules/privacy/scan.worker.js')].find((f) =>
      fs.existsSync(f),
    );
    this.pool = file
      ? new Piscina({ filename: file, name: 'scan', minThreads: 1, maxThreads: 1, maxQueue: MAX_QUEUE, idleTimeout: 60_000 })
      : null;
  }

  async scan(fields: Record<string, string | undefined>): Promise<PhiFinding[]> {
    let total = 0;
    for (const v of Object.values(fields)) if (typeof v === 'string') total += v.length;
    if (total > MAX_SCAN_CHARS) {
      throw new AppError(ErrorCodes.PAYLOAD_TOO_LARGE, `A scan may hold at most ${MAX_SCAN_CHARS} characters in total`, 413);
    }
    if (!this.pool) return scanFields(fields);
    if (this.pool.queueSize >= MAX_QUEUE)
      throw new AppError(ErrorCodes.RATE_LIMITED, 'The privacy scanner is busy; try again shortly', 503);
    return (await this.pool.run(fields)) as PhiFinding[];
  }

  /**
   * The write-path gate's scan: no size limit (request validation bounds what a write may carry)
   * and never refused as busy. It queues in the worker while the draft queue has room; when the
   * queue is full, or the worker fails, it scans inline, as the gate did before the pool.
   */
  async scanForGate(fields: Record<string, string | undefined>): Promise<PhiFinding[]> {
    if (!this.pool || this.pool.queueSize >= MAX_QUEUE) return scanFields(fields);
    try {
      return (await this.pool.run(fields)) as PhiFinding[];
    } catch {
      return scanFields(fields);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }
}
