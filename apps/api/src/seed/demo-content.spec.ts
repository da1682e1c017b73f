import { detectPhi } from '@casebridge/deid';
import { DEMO_CASES, DEMO_PEOPLE, DEMO_SESSION } from './demo-content';
import { DEMO_HISTORY, DEMO_PAST_SESSIONS } from './demo-history';
import { PROFESSIONS } from '@casebridge/contracts';

/** Every demo text must pass the PHI gate, or the seed would be refused at start-up. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

describe('demo content', () => {
  const all = [
    ...DEMO_CASES.flatMap((c) => [
      ...texts(c.request.title),
      ...texts(c.request.question.text),
      ...texts(c.request.narrative),
      ...texts(c.request.medications),
      ...c.posts.map((p) => p.body),
      ...(c.escalate ? [c.escalate.question] : []),
    ]),
    DEMO_SESSION.title,
    ...DEMO_HISTORY.flatMap((c) => [...texts(c.request), ...c.posts.map((p) => p.body), ...texts(c.escalation ?? {})]),
    ...DEMO_PAST_SESSIONS.flatMap((s) => [s.title, ...s.messages.map((m) => m.body)]),
  ];
  it.each(all.map((t) => [t.slice(0, 40), t]))('passes the PHI detector: %s', (_label, text) => {
    expect(detectPhi(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`)).toEqual([]);
  });

  it('has a demo sign-in for every profession, and every key it refers to is a person', () => {
    expect(new Set(DEMO_PEOPLE.map((p) => p.profession))).toEqual(new Set(PROFESSIONS));
    const keys = new Set(DEMO_PEOPLE.map((p) => p.key));
    const refs = [
      ...DEMO_HISTORY.flatMap((c) => [c.authorKey, ...c.posts.map((p) => p.authorKey)]),
      ...DEMO_PAST_SESSIONS.flatMap((s) => [
        s.facilitatorKey,
        ...s.attendees.map((a) => a.key),
        ...s.turns,
        ...s.messages.map((m) => m.authorKey),
      ]),
    ];
    expect(refs.filter((k) => !keys.has(k))).toEqual([]);
  });
});
