import type { Participant, SessionEvent, SessionMessage, SessionSnapshot } from '@casebridge/contracts';
import { byProfession, handQueue, initialRoom, roomReducer, type RoomState } from './room-state';

const p = (userId: string, profession: Participant['profession']): Participant => ({
  userId,
  displayName: userId,
  profession,
  role: 'learner',
});
const snap = (over: Partial<SessionSnapshot> = {}): SessionSnapshot => ({
  sessionId: 's1',
  phase: 'lobby',
  participants: [],
  hands: [],
  messages: [],
  participation: { byProfession: {}, silentProfessions: [] },
  ...over,
});
const ev = (seq: number, body: object): SessionEvent =>
  ({ seq, sessionId: 's1', at: new Date(2025, 0, 1, 0, 0, seq).toISOString(), ...body }) as SessionEvent;
const msg = (seq: number, clientId: string): SessionMessage => ({
  id: `m${seq}`,
  clientId,
  body: `hello ${seq}`,
  at: new Date().toISOString(),
  seq,
  author: { id: 'a', displayName: 'A', profession: 'nurse', role: 'learner' },
});

describe('live session state', () => {
  it('applies events in seq order and ignores ones it already has', () => {
    let s: RoomState = initialRoom(snap(), 0);
    s = roomReducer(s, {
      type: 'events',
      events: [ev(2, { type: 'phase', phase: 'presentation' }), ev(1, { type: 'joined', participant: p('ana', 'nurse') })],
    });
    expect(s.seq).toBe(2);
    expect(s.snapshot.phase).toBe('presentation');
    const same = roomReducer(s, { type: 'events', events: [ev(1, { type: 'joined', participant: p('ana', 'nurse') })] });
    expect(same).toBe(s);
    expect(same.snapshot.participants).toHaveLength(1);
  });

  it('stops at a gap and flags it, so the room re-joins with afterSeq', () => {
    const s = roomReducer(initialRoom(snap(), 5), {
      type: 'events',
      events: [ev(6, { type: 'phase', phase: 'clarifying' }), ev(8, { type: 'phase', phase: 'summary' })],
    });
    expect(s.seq).toBe(6);
    expect(s.snapshot.phase).toBe('clarifying');
    expect(s.gap).toBe(true);
    const healed = roomReducer(s, {
      type: 'events',
      events: [ev(7, { type: 'called', userId: 'x' }), ev(8, { type: 'phase', phase: 'summary' })],
    });
    expect(healed).toMatchObject({ seq: 8, gap: false });
  });

  it('keeps the hand queue first-raised-first; calling on someone lowers their hand', () => {
    let s = initialRoom(snap({ participants: [p('ana', 'nurse'), p('bo', 'chaplain'), p('cy', 'physician')] }), 0);
    s = roomReducer(s, {
      type: 'events',
      events: [
        ev(1, { type: 'hand', userId: 'bo', raised: true }),
        ev(2, { type: 'hand', userId: 'ana', raised: true }),
        ev(3, { type: 'hand', userId: 'bo', raised: true }),
        ev(4, { type: 'hand', userId: 'cy', raised: true }),
      ],
    });
    expect(handQueue(s.snapshot).map((h) => h.userId)).toEqual(['bo', 'ana', 'cy']);
    s = roomReducer(s, {
      type: 'events',
      events: [ev(5, { type: 'called', userId: 'bo' }), ev(6, { type: 'hand', userId: 'cy', raised: false })],
    });
    expect(s.snapshot.calledOn).toBe('bo');
    expect(handQueue(s.snapshot).map((h) => h.userId)).toEqual(['ana']);
  });

  it('confirms an optimistic chat message by clientId, from the ack or the event, once', () => {
    let s = roomReducer(initialRoom(snap(), 0), { type: 'send', message: { clientId: 'c1abcdef', body: 'hi', at: '' } });
    expect(s.pending).toHaveLength(1);
    s = roomReducer(s, { type: 'events', events: [ev(1, { type: 'message', message: msg(1, 'c1abcdef') })] });
    s = roomReducer(s, { type: 'sent', message: msg(1, 'c1abcdef') });
    expect(s.pending).toHaveLength(0);
    expect(s.snapshot.messages.map((m) => m.id)).toEqual(['m1']);
  });

  it('replaces state with a newer snapshot on rejoin, keeping unsent messages', () => {
    let s = roomReducer(initialRoom(snap(), 3), { type: 'send', message: { clientId: 'keep0001', body: 'later', at: '' } });
    s = roomReducer(s, { type: 'snapshot', snapshot: snap({ phase: 'recommendations', summary: 'Plan agreed' }), seq: 40 });
    expect(s).toMatchObject({ seq: 40, gap: false });
    expect(s.snapshot.summary).toBe('Plan agreed');
    expect(s.pending.map((m) => m.clientId)).toEqual(['keep0001']);
    expect(roomReducer(s, { type: 'snapshot', snapshot: snap(), seq: 10 })).toBe(s);
  });

  it('groups presence by profession, largest group first', () => {
    const groups = byProfession([p('a', 'chaplain'), p('b', 'nurse'), p('c', 'nurse')]);
    expect(groups.map(([prof, people]) => [prof, people.length])).toEqual([
      ['nurse', 2],
      ['chaplain', 1],
    ]);
  });
});
