import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { startEngineWorker, type EngineWorker } from './engine-worker';

/**
 * The database seam: with MONGODB_URI the api uses that server (a replica set in production);
 * without it, it starts the embedded engine on a worker thread of this process (so its CPU runs
 * beside the event loop, not on it) with its files under DATA_DIR/db. `onCrash` is called if the
 * engine ends without being asked to.
 */
export async function resolveDatabase(
  config: AppConfig,
  onCrash: (reason: string) => void,
): Promise<{ uri: string; embedded?: EngineWorker }> {
  if (config.mongodbUri) return { uri: config.mongodbUri };
  const embedded = await startEngineWorker({ dir: path.resolve(config.dataDir, 'db'), port: 0 }, onCrash);
  return { uri: embedded.uri, embedded };
}
