import * as path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '@casebridge/embedded-mongo';
import type { AppConfig } from '../config/config';

/**
 * The database seam: with MONGODB_URI the api uses that server (a replica set in production);
 * without it, it starts the embedded engine in-process with its files under DATA_DIR/db.
 */
export async function resolveDatabase(config: AppConfig): Promise<{ uri: string; embedded?: EmbeddedMongo }> {
  if (config.mongodbUri) return { uri: config.mongodbUri };
  const embedded = await startEmbeddedMongo({ dir: path.resolve(config.dataDir, 'db'), port: 0 });
  return { uri: embedded.uri, embedded };
}
