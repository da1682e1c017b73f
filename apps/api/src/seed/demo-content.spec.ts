import { detectPhi } from '@casebridge/deid';
import { DEMO_CASES, DEMO_SESSION } from './demo-content';

/** Every demo text must pass the PHI gate, or the seed would be refused at start-up. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

describe('demo content', () => {
  const all = [
    ...DEMO_CASES.flatMap((c) => [...texts(c.request.title), ...texts(c.request.question.text), ...texts(c.request.narrative), ...texts(c.request.medications), ...c.posts.map((p) => p.body), ...(c.escalate ? [c.escalate.question] : [])]),
    DEMO_SESSION.title,
  ];
  it.each(all.map((t) => [t.slice(0, 40), t]))('passes the PHI detector: %s', (_label, text) => {
    expect(detectPhi(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`)).toEqual([]);
  });
});
