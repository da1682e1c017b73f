/**
 * The api's entry point as it ships (`npm start`, the Dockerfile, the e2e tests): runs the bundle
 * that `npm run build:server` makes of main.js (dist/server.bundle.js, one file instead of ~2,300
 * modules) from V8's code cache when one was written for it at build time
 * (dist/server.bundle.js.cache, `node dist/server.js --write-code-cache`), so a restart skips
 * parsing and compiling the bundle's top level. A cache V8 rejects (another Node version or flags)
 * or a missing one costs nothing but that time: the source is compiled as usual. Without the bundle
 * (a tsc-only build, as `npm run dev` makes), main.js runs directly.
 */
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'server.bundle.js');
const CACHE = `${BUNDLE}.cache`;

function compile(cachedData?: Buffer): vm.Script {
  return new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'utf8')), {
    filename: BUNDLE,
    cachedData,
    // the bundle's import() of optional packages resolves as it would in a plain module
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

function readCache(): Buffer | undefined {
  try {
    return fs.readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

function run(script: vm.Script): void {
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, __dirname);
}

if (!fs.existsSync(BUNDLE)) {
  require('./main');
} else if (process.argv.includes('--write-code-cache')) {
  fs.writeFileSync(CACHE, compile().createCachedData());
} else {
  run(compile(readCache()));
}
