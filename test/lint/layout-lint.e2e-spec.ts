import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '@casebridge/testing';

/**
 * The lint rules that hold the layout (eslint.config.mjs) fail on deliberately broken examples.
 * The examples are written into the tree for the run (the rules are path-based) and removed after.
 * ESLint runs in a child process through its Node API: the flat config is an ES module, which
 * jest's CommonJS runtime cannot import.
 */
const API_EXAMPLE_DIR = path.join(REPO_ROOT, 'apps/api/src/modules/zz-lint-example');
const WEB_EXAMPLE = path.join(REPO_ROOT, 'apps/web/src/features/home/zz-lint-example.ts');

const examples: Record<string, string> = {
  [path.join(API_EXAMPLE_DIR, 'a.ts')]: "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
  [path.join(API_EXAMPLE_DIR, 'b.ts')]: "import { a } from './a';\nexport const b = (): number => (typeof a === 'function' ? 1 : 0);\n",
  [path.join(API_EXAMPLE_DIR, 'example.service.ts')]:
    "import { Types } from 'mongoose';\nexport const makeId = (): string => new Types.ObjectId().toHexString();\n",
  [path.join(API_EXAMPLE_DIR, 'loose.ts')]: 'export const loose = (x: any): string => String(x);\n',
  [WEB_EXAMPLE]: "import * as analytics from '../analytics/api/analytics.api';\nexport const borrowed = Object.keys(analytics);\n",
};

function lint(files: string[]): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(REPO_ROOT)} });
      const results = await eslint.lintFiles(${JSON.stringify(files)});
      const out = {};
      for (const r of results) out[r.filePath] = r.messages.map((m) => m.ruleId + ': ' + m.message);
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(2); });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.status !== 0) throw new Error(`eslint failed to run: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}

describe('lint enforces the layout', () => {
  let messages: Record<string, string[]>;

  beforeAll(() => {
    fs.mkdirSync(API_EXAMPLE_DIR, { recursive: true });
    for (const [file, text] of Object.entries(examples)) fs.writeFileSync(file, text);
    messages = lint(Object.keys(examples));
  }, 300_000);
  afterAll(() => {
    fs.rmSync(API_EXAMPLE_DIR, { recursive: true, force: true });
    fs.rmSync(WEB_EXAMPLE, { force: true });
  });

  const of = (file: string): string => (messages[file] ?? []).join('\n');

  it('reports an import cycle', () => {
    expect(of(path.join(API_EXAMPLE_DIR, 'a.ts'))).toMatch(/^import-x\/no-cycle:/m);
    expect(of(path.join(API_EXAMPLE_DIR, 'b.ts'))).toMatch(/^import-x\/no-cycle:/m);
  });

  it('reports mongoose imported outside infra/', () => {
    expect(of(path.join(API_EXAMPLE_DIR, 'example.service.ts'))).toMatch(/^no-restricted-imports: .*Only infra\/ imports mongoose/m);
  });

  it('reports explicit any in apps/', () => {
    expect(of(path.join(API_EXAMPLE_DIR, 'loose.ts'))).toMatch(/^@typescript-eslint\/no-explicit-any:/m);
  });

  it('reports a web feature importing another feature', () => {
    expect(of(WEB_EXAMPLE)).toMatch(/^import-x\/no-restricted-paths: .*does not import another feature/m);
  });

  it('reports a formatting error, as npm run format:check does (prettier --check with the repository config)', () => {
    const good = path.join(API_EXAMPLE_DIR, 'formatted.ts');
    const bad = path.join(API_EXAMPLE_DIR, 'unformatted.ts');
    fs.writeFileSync(good, "export const ok = { a: 1, b: 'two' };\n");
    fs.writeFileSync(bad, 'export const bad = {a:1,b:"two"}\n');
    const check = (file: string) =>
      spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/prettier'), ['--check', file], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(check(good).status).toBe(0);
    const failed = check(bad);
    expect(failed.status).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('unformatted.ts');
  });
});
