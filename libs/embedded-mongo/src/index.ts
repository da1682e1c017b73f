/**
 * @casebridge/embedded-mongo: a durable MongoDB-wire-compatible server for development and tests.
 */
import { startServer } from './server';

export interface EmbeddedMongoOptions {
  dir: string;
  /** 0 or omitted = a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  maxMessageBytes?: number;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

/** Opens (or creates) the data directory and serves it over the MongoDB wire protocol. */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const s = await startServer({ dir: opts.dir, port: opts.port, host: opts.host, maxMessageBytes: opts.maxMessageBytes });
  return { uri: s.uri, port: s.port, stop: () => s.stop() };
}
