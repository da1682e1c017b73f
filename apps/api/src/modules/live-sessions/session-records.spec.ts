import { csvField } from '../../common/csv';
import { attendanceCsv, attendanceRows, evaluationSummary, transcriptParts, type AttendanceInterval } from './session-records';

const t = (min: number, sec = 0) => new Date(Date.UTC(2030, 0, 1, 10, min, sec));

describe('attendance', () => {
  const base = { displayName: 'Ana', profession: 'nurse' as const, role: 'learner' as const };
  const intervals: AttendanceInterval[] = [
    { userId: 'u1', ...base, joinedAt: t(0), leftAt: t(10) },
    { userId: 'u1', ...base, joinedAt: t(20), leftAt: t(25) },
    { userId: 'u2', displayName: 'Smith, "Bo"', profession: 'chaplain', role: 'faculty', joinedAt: t(1), leftAt: t(4) },
    // an overlapping second interval (another replica's view) counts once
    { userId: 'u2', displayName: 'Smith, "Bo"', profession: 'chaplain', role: 'faculty', joinedAt: t(2), leftAt: t(5) },
    { userId: 'u3', displayName: '=cmd', profession: 'pharmacist', role: 'learner', joinedAt: t(30) },
  ];

  it('sums minutes across several joins, first join and last leave per person', () => {
    const rows = attendanceRows(intervals, { until: t(40) });
    expect(rows).toEqual([
      { userId: 'u1', ...base, firstJoinedAt: t(0).toISOString(), lastLeftAt: t(25).toISOString(), minutes: 15 },
      {
        userId: 'u2',
        displayName: 'Smith, "Bo"',
        profession: 'chaplain',
        role: 'faculty',
        firstJoinedAt: t(1).toISOString(),
        lastLeftAt: t(5).toISOString(),
        minutes: 4,
      },
      {
        userId: 'u3',
        displayName: '=cmd',
        profession: 'pharmacist',
        role: 'learner',
        firstJoinedAt: t(30).toISOString(),
        lastLeftAt: t(40).toISOString(),
        minutes: 10,
      },
    ]);
  });

  it('renders CSV with the contract header, escaping commas, quotes and formula starts', () => {
    const csv = attendanceCsv(attendanceRows(intervals, { until: t(40) }));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'userId,displayName,profession,role,firstJoinedAt,lastLeftAt,minutes,recordedMinutes,adjusted,adjustmentReason,adjustedBy,adjustedAt',
    );
    expect(lines[2]).toBe(`u2,"Smith, ""Bo""",chaplain,faculty,${t(1).toISOString()},${t(5).toISOString()},4,4,,,,`);
    expect(lines[3].split(',')[1]).toBe("'=cmd");
    expect(lines).toHaveLength(4);
  });

  it('counts minutes only between start and end: lobby time and lingering after the end earn nothing', () => {
    const rows = attendanceRows(
      [
        { userId: 'u', ...base, joinedAt: t(0), leftAt: t(12) },
        { userId: 'u', ...base, joinedAt: t(50) }, // still in the room after the end
        { userId: 'v', ...base, joinedAt: t(1), leftAt: t(4) }, // left before the start
      ],
      { from: t(5), until: t(45) },
    );
    expect(rows).toEqual([
      expect.objectContaining({ userId: 'u', firstJoinedAt: t(0).toISOString(), lastLeftAt: t(45).toISOString(), minutes: 7 }),
      expect.objectContaining({ userId: 'v', firstJoinedAt: t(1).toISOString(), lastLeftAt: t(4).toISOString(), minutes: 0 }),
    ]);
  });

  it('rounds minutes to a tenth', () => {
    const rows = attendanceRows([{ userId: 'u', ...base, joinedAt: t(0), leftAt: t(1, 39) }], { until: t(2) });
    expect(rows[0].minutes).toBe(1.7);
  });

  it('neutralises fields a spreadsheet would run or split: = + - @ ; tab CR', () => {
    expect(csvField(';cmd')).toBe(`"';cmd"`);
    expect(csvField('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a;b')).toBe('"a;b"');
  });

  it('escapes single fields', () => {
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(3.5)).toBe('3.5');
  });
});

describe('transcript as a structured record', () => {
  const msg = (name: string, body: string, min: number, seq = min) => ({
    author: { id: name, displayName: name, profession: 'social_worker' as const, role: 'learner' as const },
    body,
    at: t(min).toISOString(),
    seq,
  });
  it('lists messages in order under their phase, with name, profession and time', () => {
    const [part] = transcriptParts(
      { title: 'Case conf' },
      [msg('Ana', 'first', 1), msg('Bo', 'second', 2)],
      [{ seq: 0, phase: 'presentation' }],
    );
    expect(part).toContain('## Live session record: Case conf');
    expect(part).toMatch(
      /### Transcript\n\n#### Case presentation\n- \*\*10:01\*\* @Ana, social worker: first\n- \*\*10:02\*\* @Bo, social worker: second$/,
    );
    expect(part).toContain('### Speakers\n\n- @Ana, social worker: 1 message\n- @Bo, social worker: 1 message');
  });
  it('puts the pinned summary and the recommendations-phase messages before the transcript', () => {
    const messages = [msg('Ana', 'what dose?', 1, 2), msg('Bo', 'Start 2.5 mg q4h prn', 5, 4), msg('Ana', 'thanks', 9, 6)];
    const phases = [
      { seq: 1, phase: 'clarifying' as const },
      { seq: 3, phase: 'recommendations' as const },
      { seq: 5, phase: 'summary' as const },
    ];
    const [part] = transcriptParts({ title: 'T', summary: 'Review in 48 h.' }, messages, phases);
    const order = [
      '### Summary',
      'Review in 48 h.',
      '### Recommendations',
      '- **10:05** @Bo, social worker: Start 2.5 mg q4h prn',
      '### Speakers',
      '### Transcript',
      '#### Clarifying questions',
      '#### Recommendations',
      '#### Summary',
    ];
    const at = order.map((x) => part.indexOf(x));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
  it('keeps the anonymous author presenting their own case anonymous in the thread', () => {
    const [part] = transcriptParts({ title: 'Case conf', anonymousPresenterId: 'Ana' }, [msg('Ana', 'first', 1), msg('Bo', 'second', 2)]);
    expect(part).not.toContain('Ana');
    expect(part).toContain('**10:01** The presenter, social worker: first');
    expect(part).toContain('**10:02** @Bo, social worker: second');
  });
  it('writes times in the session’s zone, named, without calendar dates (a date would trip the PHI gate)', () => {
    const [utc] = transcriptParts({ title: 'T', startedAt: t(0), endedAt: t(45) }, [msg('Ana', 'x', 1)]);
    expect(utc).toContain('Times in UTC · 10:00–10:45');
    const [ny] = transcriptParts({ title: 'T', startedAt: t(0), endedAt: t(45), timeZone: 'America/New_York' }, [msg('Ana', 'x', 1)]);
    expect(ny).toMatch(/Times in E[SD]T · 0[56]:00–0[56]:45/);
    expect(ny).toMatch(/\*\*0[56]:01\*\* @Ana/);
    expect(ny).not.toMatch(/\d{4}-\d\d-\d\d/);
    const [unknown] = transcriptParts({ title: 'T', timeZone: 'Mars/Olympus' }, [msg('Ana', 'x', 1)]);
    expect(unknown).toContain('Times in UTC');
  });
  it('keeps a multi-line message on its own list item', () => {
    const [part] = transcriptParts({ title: 'T' }, [msg('Ana', 'one\n\ntwo', 1)]);
    expect(part).toContain('@Ana, social worker: one two');
  });
  it('splits long transcripts into numbered parts under the limit', () => {
    const many = Array.from({ length: 100 }, (_, i) => msg('Ana', 'x'.repeat(90) + i, i % 60, i + 1));
    const parts = transcriptParts({ title: 'T', summary: 's'.repeat(5000) }, many, [], 2000);
    expect(parts.length).toBeGreaterThan(4);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts[0]).toContain(`part 1 of ${parts.length}`);
    expect(parts[1]).toContain(`part 2 of ${parts.length}`);
    expect(parts.join('\n').match(/^- \*\*10:\d\d\*\* @Ana/gm)).toHaveLength(100);
  });
});

describe('evaluation summary', () => {
  it('counts, averages and spreads "did it help", and keeps the answers by profession only', () => {
    const s = evaluationSummary(
      [
        { profession: 'nurse', helpful: 5, change: 'Offer a fan first.' },
        { profession: 'pharmacist', helpful: 2 },
        { profession: 'nurse', helpful: 4 },
      ],
      6,
    );
    expect(s).toEqual({
      count: 3,
      attendees: 6,
      helpful: { mean: 3.7, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 } },
      changes: [{ profession: 'nurse', text: 'Offer a fan first.' }],
    });
    expect(evaluationSummary([], 0).helpful.mean).toBeNull();
  });
});
