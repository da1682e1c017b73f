#!/usr/bin/env node
/**
 * Prints the gzip size of the JavaScript a first visit loads (the entry script and the
 * modules index.html preloads) and fails above the budget (200 KB gzip).
 * Lazy route chunks are listed for information only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 200 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
console.log('Initial JavaScript (gzip):');
for (const f of initial) {
  const size = gz(f);
  total += size;
  console.log(`  ${kb(size).padStart(9)}  ${f}`);
}
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.has(`assets/${f}`));
const lazyTotal = lazy.reduce((n, f) => n + gz(`assets/${f}`), 0);
console.log(`Lazy chunks: ${lazy.length} files, ${kb(lazyTotal)} gzip (loaded on demand)`);
console.log(`Initial JS total: ${kb(total)} gzip (budget ${kb(BUDGET)})`);
if (initial.size === 0) {
  console.error('No entry script found in dist/index.html');
  process.exit(1);
}
if (total > BUDGET) {
  console.error(`Initial JS is over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
