import { applyAdjustments, defaultPresentMinutes, type Adjustment } from './attendance-adjust';
import { attendanceCsv, type AttendanceRow } from './session-records';

const row = (userId: string, minutes: number, displayName = `Person ${userId}`): AttendanceRow => ({
  userId,
  displayName,
  profession: 'nurse',
  role: 'learner',
  firstJoinedAt: '2026-03-01T17:00:00.000Z',
  lastLeftAt: '2026-03-01T18:00:00.000Z',
  minutes,
});
const adj = (userId: string, present: boolean, minutes: number, extra: Partial<Adjustment> = {}): Adjustment => ({
  userId,
  displayName: `Person ${userId}`,
  profession: 'pharmacist',
  role: 'learner',
  present,
  minutes,
  reason: 'Joined by phone; the facilitator saw them',
  byName: 'Dr Faculty',
  at: new Date('2026-03-02T09:00:00.000Z'),
  ...extra,
});

describe('attendance adjustments', () => {
  it('replaces the credited minutes, keeps the recorded ones and the reason, and leaves other rows alone', () => {
    const out = applyAdjustments([row('a', 12.5), row('b', 40)], [adj('a', true, 55)]);
    expect(out[0]).toMatchObject({ userId: 'a', minutes: 55, adjustment: { present: true, recordedMinutes: 12.5, byName: 'Dr Faculty' } });
    expect(out[1]).toEqual(row('b', 40));
  });

  it('an absent mark credits nothing, whatever minutes it carries', () => {
    expect(applyAdjustments([row('a', 30)], [adj('a', false, 30)])[0]).toMatchObject({
      minutes: 0,
      adjustment: { present: false, recordedMinutes: 30 },
    });
  });

  it('adds a row for someone the room never saw, after the recorded ones, by name', () => {
    const out = applyAdjustments([row('a', 30)], [adj('z', true, 20, { displayName: 'Zed' }), adj('y', true, 10, { displayName: 'Amy' })]);
    expect(out.map((r) => r.userId)).toEqual(['a', 'y', 'z']);
    expect(out[1]).toMatchObject({
      firstJoinedAt: '',
      lastLeftAt: '',
      minutes: 10,
      profession: 'pharmacist',
      adjustment: { recordedMinutes: 0 },
    });
  });

  it('puts the adjustment and its reason in the CSV, formula-safe', () => {
    const csv = attendanceCsv(
      applyAdjustments([row('a', 12), row('b', 40)], [adj('a', true, 50, { reason: '=HYPERLINK("x") joined late, by phone' })]),
    );
    const [head, a, b] = csv.trimEnd().split('\r\n');
    expect(head).toBe(
      'userId,displayName,profession,role,firstJoinedAt,lastLeftAt,minutes,recordedMinutes,adjusted,adjustmentReason,adjustedBy,adjustedAt',
    );
    expect(a).toBe(
      'a,Person a,nurse,learner,2026-03-01T17:00:00.000Z,2026-03-01T18:00:00.000Z,50,12,present,"\'=HYPERLINK(""x"") joined late, by phone",Dr Faculty,2026-03-02T09:00:00.000Z',
    );
    expect(b).toBe('b,Person b,nurse,learner,2026-03-01T17:00:00.000Z,2026-03-01T18:00:00.000Z,40,40,,,,');
  });

  it('marks present without minutes: the recorded minutes, else the whole session', () => {
    const s = { startedAt: new Date('2026-03-01T17:00:00Z'), endedAt: new Date('2026-03-01T18:30:00Z') };
    expect(defaultPresentMinutes(12.5, s)).toBe(12.5);
    expect(defaultPresentMinutes(0, s)).toBe(90);
    expect(defaultPresentMinutes(0, {})).toBe(0);
  });
});
