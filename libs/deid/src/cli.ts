#!/usr/bin/env node
/**
 * CLI (docs/contract.md): reads JSONL {"id","text"} on stdin, writes {"id","spans":[{start,end,type}]} per line, in order.
 *   npm run -s deid -- --jsonl
 * Without --jsonl it reads the whole of stdin as one text and prints the spans with suggestions.
 */
import { createInterface } from 'node:readline';
import { detectPhi } from './index';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write('usage: deid --jsonl < in.jsonl > out.jsonl\n       deid < note.txt\n');
    return;
  }
  if (args.includes('--jsonl')) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let id: unknown = null;
      let spans: Array<{ start: number; end: number; type: string }> = [];
      try {
        const o = JSON.parse(line) as { id?: unknown; text?: unknown };
        id = o.id ?? null;
        spans = detectPhi(typeof o.text === 'string' ? o.text : '').map(({ start, end, type }) => ({ start, end, type }));
      } catch {
        process.stderr.write(`deid: line ${lineNo} is not valid JSON\n`);
      }
      process.stdout.write(JSON.stringify({ id, spans }) + '\n');
    }
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  for (const s of detectPhi(text))
    process.stdout.write(`${s.start}-${s.end}\t${s.type}\t${JSON.stringify(text.slice(s.start, s.end))}\t-> ${s.suggestion ?? ''}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`deid: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
