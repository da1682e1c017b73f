import fc from 'fast-check';
import { PROFESSIONS, ROLES } from './identity';
import { SESSION_PHASES, type Participant, type SessionEvent, type SessionEventBody, type SessionSnapshot } from './sessions';
import { advance, applyEvent, contiguousAfter, emptySnapshot, foldEvents, groupPresence, MAX_SNAPSHOT_MESSAGES } from './session-state';

const SID = 'a'.repeat(24);
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];

const participant = fc.record({
  userId: fc.constantFrom(...USERS),
  displayName: fc.string({ minLength: 1, maxLength: 8 }),
  profession: fc.constantFrom(...PROFESSIONS),
  role: fc.constantFrom(...ROLES),
}) as fc.Arbitrary<Participant>;

const body: fc.Arbitrary<SessionEventBody> = fc.oneof(
  { weight: 3, arbitrary: participant.map((p) => ({ type: 'joined' as const, participant: p })) },
  { weight: 2, arbitrary: fc.constantFrom(...USERS).map((userId) => ({ type: 'left' as const, userId })) },
  {
    weight: 4,
    arbitrary: fc.tuple(participant, fc.string({ maxLength: 20 })).map(([p, text]) => ({
      type: 'message' as const,
      message: {
        id: '',
        clientId: 'c',
        author: { id: p.userId, displayName: p.displayName, profession: p.profession, role: p.role },
        body: text,
        at: '',
        seq: 0,
      },
    })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...USERS), fc.boolean())
      .map(([userId, raised]) => ({ type: 'hand' as const, userId, raised, at: '' })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...USERS).map((userId) => ({ type: 'called' as const, userId })) },
  { weight: 1, arbitrary: fc.constantFrom(...SESSION_PHASES).map((phase) => ({ type: 'phase' as const, phase })) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((summary) => ({ type: 'summary' as const, summary })) },
  { weight: 1, arbitrary: fc.constant({ type: 'presenter' as const, presenterId: 'u1' }) },
  { weight: 1, arbitrary: fc.constant({ type: 'noop' as const }) },
);

/** Numbers events 1..n as the server's log does (and fills in ids/times that depend on seq). */
function number(bodies: SessionEventBody[]): SessionEvent[] {
  return bodies.map((b, i) => {
    const seq = i + 1;
    const at = new Date(Date.UTC(2030, 0, 1, 10, 0, seq)).toISOString();
    if (b.type === 'message')
      return { ...b, message: { ...b.message, id: `m${seq}`, clientId: `c${seq}`, seq, at }, seq, sessionId: SID, at };
    if (b.type === 'hand') return { ...b, at, seq, sessionId: SID };
    return { ...b, seq, sessionId: SID, at } as SessionEvent;
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const snapshotOf = (events: SessionEvent[]) => foldEvents(emptySnapshot(SID), events);

describe('live session reducer', () => {
  it('snapshot(old) + events after it = snapshot(new), for random event sequences and split points', () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 80 }), fc.nat(), (bodies, cut) => {
        const events = number(bodies);
        const k = events.length ? cut % (events.length + 1) : 0;
        // the old snapshot goes through JSON, as the cached snapshot in MongoDB and a client's copy do
        const old = JSON.parse(JSON.stringify(snapshotOf(events.slice(0, k)))) as SessionSnapshot;
        const viaOld = foldEvents(old, events.slice(k));
        const fresh = snapshotOf(events);
        expect(viaOld).toStrictEqual(JSON.parse(JSON.stringify(fresh)));
        expect(viaOld).toEqual(fresh);
      }),
      { numRuns: 300 },
    );
  });

  it('catch-up with overlapping, duplicated and shuffled deliveries still lands on the fresh snapshot', () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 60 }), fc.nat(), fc.nat(), (bodies, cut, seed) => {
        const events = number(bodies);
        const k = events.length ? cut % (events.length + 1) : 0;
        const base = { snapshot: snapshotOf(events.slice(0, k)), seq: k };
        // a client may receive a few events it already has, plus duplicates, in any order
        const overlap = events.slice(Math.max(0, k - 3));
        const delivered = [...overlap, ...overlap.slice(0, seed % 4)].sort(() => 0).reverse();
        const r = advance(base, delivered);
        expect(r.gap).toBe(false);
        expect(r.seq).toBe(events.length);
        expect(r.snapshot).toEqual(snapshotOf(events));
      }),
      { numRuns: 200 },
    );
  });

  it('never mutates its input', () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 40 }), (bodies) => {
        const events = deepFreeze(number(bodies));
        let s = deepFreeze(emptySnapshot(SID));
        for (const e of events) s = deepFreeze(applyEvent(s, e));
        expect(s.sessionId).toBe(SID);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the state invariants: one entry per participant, hands unique and only of present people, counts match the log', () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 80 }), (bodies) => {
        const events = number(bodies);
        const s = snapshotOf(events);
        const ids = s.participants.map((p) => p.userId);
        expect(new Set(ids).size).toBe(ids.length);
        const hands = s.hands.map((h) => h.userId);
        expect(new Set(hands).size).toBe(hands.length);
        const messages = events.filter((e) => e.type === 'message').length;
        const counted = Object.values(s.participation.byProfession).reduce((n, e) => n + (e?.messages ?? 0), 0);
        expect(counted).toBe(messages);
        expect(s.messages.length).toBe(Math.min(messages, MAX_SNAPSHOT_MESSAGES));
        for (const p of s.participation.silentProfessions) {
          expect(s.participants.some((x) => x.profession === p)).toBe(true);
          const e = s.participation.byProfession[p];
          expect((e?.messages ?? 0) + (e?.turns ?? 0)).toBe(0);
        }
        const present = Object.values(s.participation.byProfession).reduce((n, e) => n + (e?.present ?? 0), 0);
        expect(present).toBe(s.participants.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('hands, calls, presence and participation', () => {
  const p = (userId: string, profession: Participant['profession'], role: Participant['role'] = 'learner'): Participant => ({
    userId,
    displayName: userId.toUpperCase(),
    profession,
    role,
  });
  const events = number([
    { type: 'joined', participant: p('f', 'physician', 'faculty') },
    { type: 'joined', participant: p('n', 'nurse') },
    { type: 'joined', participant: p('c', 'chaplain') },
    { type: 'joined', participant: p('s', 'social_worker') },
    { type: 'hand', userId: 'c', raised: true, at: '' },
    { type: 'hand', userId: 'n', raised: true, at: '' },
    { type: 'hand', userId: 'c', raised: true, at: '' },
    { type: 'hand', userId: 's', raised: true, at: '' },
    { type: 'called', userId: 'c' },
    {
      type: 'message',
      message: {
        id: '',
        clientId: '',
        author: { id: 'n', displayName: 'N', profession: 'nurse', role: 'learner' },
        body: 'hello',
        at: '',
        seq: 0,
      },
    },
    { type: 'hand', userId: 's', raised: false, at: '' },
    { type: 'phase', phase: 'clarifying' },
  ]);

  it('keeps the hand queue in raise order, takes the called person off it and counts their turn', () => {
    const s = snapshotOf(events);
    expect(s.hands.map((h) => h.userId)).toEqual(['n']);
    expect(s.calledOn).toBe('c');
    expect(s.phase).toBe('clarifying');
    expect(s.participation.byProfession.chaplain).toEqual({ messages: 0, turns: 1, present: 1 });
    expect(s.participation.byProfession.nurse).toEqual({ messages: 1, turns: 0, present: 1 });
    expect(s.participation.silentProfessions).toEqual(['physician', 'social_worker']);
  });

  it('groups presence by profession and role', () => {
    const s = snapshotOf(events);
    expect(s.participants.map((x) => x.userId)).toEqual(['f', 'n', 's', 'c']);
    const g = groupPresence(s.participants);
    expect(Object.keys(g)).toEqual(['physician', 'nurse', 'social_worker', 'chaplain']);
    expect(g.physician?.faculty?.map((x) => x.userId)).toEqual(['f']);
  });

  it('a leaving person leaves the hand queue and the present count', () => {
    const s = foldEvents(snapshotOf(events), number([...Array(12).fill({ type: 'noop' }), { type: 'left', userId: 'n' }]).slice(12));
    expect(s.hands).toEqual([]);
    expect(s.participation.byProfession.nurse).toEqual({ messages: 1, turns: 0, present: 0 });
  });
});

describe('contiguousAfter', () => {
  it('stops at the first missing seq', () => {
    const ev = [1, 2, 3, 5, 6].map((seq) => ({ seq }));
    expect(contiguousAfter(1, ev)).toEqual({ events: [{ seq: 2 }, { seq: 3 }], seq: 3 });
    expect(contiguousAfter(3, ev)).toEqual({ events: [], seq: 3 });
    expect(contiguousAfter(4, ev)).toEqual({ events: [{ seq: 5 }, { seq: 6 }], seq: 6 });
  });
});
