/**
 * `npm run build:server`, second step: the tsc output (apps/api/dist/main.js and the ~2,300
 * modules it requires, Nest and the libs included) bundled into one file, apps/api/dist/server.bundle.js,
 * which dist/server.js (src/server.ts) runs from V8's code cache. Node then reads, resolves and compiles
 * one file instead of thousands: most of the api's start-up (see docs/architecture.md "Start-up").
 * The input is tsc's output, so decorator metadata (emitDecoratorMetadata) is already plain code.
 */
const EXTERNAL = [
  // native addon
  /^argon2(\/|$)/,
  // read at run time from files beside their own code (__dirname, worker and transport files)
  /^swagger-ui-dist(\/|$)/,
  /^piscina(\/|$)/,
  /^pino(-pretty|-abstract-transport|-std-serializers)?(\/|$)/,
  /^thread-stream(\/|$)/,
  /^@casebridge\/embedded-mongo\/package\.json$/,
];

/**
 * @nestjs/mongoose does `import * as mongoose from 'mongoose'` and calls `mongoose.createConnection`
 * on the namespace. Node's own interop hands it a namespace that is no Mongoose; the bundler's copies
 * the Mongoose prototype, so mongoose takes it for itself and writes to a getter-only property. The
 * default import is the real Mongoose instance, which is what the code means.
 */
const mongooseDefaultImport = {
  name: 'mongoose-default-import',
  transform(code, id) {
    if (!id.includes('/node_modules/@nestjs/mongoose/')) return null;
    return code.replace(/import \* as mongoose from 'mongoose';/g, "import mongoose from 'mongoose';");
  },
};

export default {
  input: 'apps/api/dist/main.js',
  platform: 'node',
  plugins: [mongooseDefaultImport],
  external: EXTERNAL,
  // Nest's optional packages we do not use (@nestjs/microservices, class-validator, @fastify/static…)
  // stay unresolved: Nest loads them only when asked, as it does unbundled.
  onLog(level, log, handler) {
    if (log.code === 'UNRESOLVED_IMPORT' || log.code === 'EVAL' || log.code === 'CIRCULAR_DEPENDENCY') return;
    handler(level, log);
  },
  output: { file: 'apps/api/dist/server.bundle.js', format: 'cjs', codeSplitting: false, sourcemap: false },
};
