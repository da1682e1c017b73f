import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { resolveDatabase } from './database/database';
import { createApp, seed } from './bootstrap';

async function main(): Promise<void> {
  // Everything this process creates (the embedded engine's data directory and files) is for this
  // user only: directories 0700, files 0600. The engine itself does not set modes.
  process.umask(0o077);
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // One clear line naming the variable, not a stack trace.
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const db = await resolveDatabase(config, (reason) => {
    // Nothing can be stored any more: exit with one clear line rather than hang or answer 500s.
    process.stderr.write(`The embedded database stopped unexpectedly (${reason}); CaseBridge exits.\n`);
    process.exit(1);
  });
  const app = await createApp(config, db.uri);
  const stopDb = async () => {
    await db.embedded?.stop();
  };
  const shutdown = (signal: string) => {
    process.stdout.write(`\n${signal} received: closing connections…\n`);
    app
      .close()
      .then(stopDb)
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`Shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  const lines = await seed(app, config);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  process.stdout.write(
    [
      '',
      `CaseBridge is running at ${url}`,
      `  ${config.apiDocs ? `API docs: ${url}/api/docs   ` : ''}Health: ${url}/api/health`,
      `  Database: ${db.embedded ? `embedded (${config.dataDir}/db)` : 'MONGODB_URI'}${config.redisUrl ? '   Redis adapter: on' : ''}`,
      ...lines,
      '',
    ].join('\n') + '\n',
  );
}

main().catch((err: unknown) => {
  const e = err as Error;
  process.stderr.write(`CaseBridge failed to start: ${e.message}\n`);
  process.exit(1);
});
