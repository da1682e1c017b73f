import {
  firstPeerReply,
  dayRange,
  isRealDay,
  onTimeBy,
  onTimeOverall,
  professionKeys,
  routingCounts,
  sessionsByProfession,
  verdict,
  type EscalationRow,
  type SessionRow,
} from './quality';
import { qualityCsv } from './quality-csv';
import { csvTable } from '../../common/csv';
import type { QualityReportDto } from '@casebridge/contracts';

const H = 3_600_000;
const t0 = new Date('2026-09-01T08:00:00.000Z');
const at = (hours: number) => new Date(t0.getTime() + hours * H);
const esc = (over: Partial<EscalationRow>): EscalationRow => ({
  domains: [2],
  urgency: 'routine',
  status: 'answered',
  createdAt: t0,
  dueAt: at(72),
  answeredAt: null,
  answererProfession: null,
  targetProfessions: ['physician'],
  events: ['created', 'assigned'],
  ...over,
});

describe('verdict against the response target', () => {
  const now = at(100);
  it('answered by the due time is on time, exactly at it too', () => {
    expect(verdict(esc({ answeredAt: at(10) }), now)).toBe('onTime');
    expect(verdict(esc({ answeredAt: at(72) }), now)).toBe('onTime');
  });
  it('answered after it, or unanswered past it, is late', () => {
    expect(verdict(esc({ answeredAt: at(73) }), now)).toBe('late');
    expect(verdict(esc({ status: 'claimed' }), now)).toBe('late');
  });
  it('unanswered within the target is pending; withdrawn unanswered is left out', () => {
    expect(verdict(esc({ status: 'assigned', dueAt: at(200) }), now)).toBe('pending');
    expect(verdict(esc({ status: 'resolved' }), now)).toBe('excluded');
  });
});

describe('on-time rates', () => {
  const now = at(100);
  const rows = [
    esc({ urgency: 'urgent', dueAt: at(24), answeredAt: at(5), answererProfession: 'physician', domains: [2, 4] }),
    esc({ urgency: 'urgent', dueAt: at(24), answeredAt: at(30), answererProfession: 'pharmacist', domains: [2] }),
    esc({ urgency: 'routine', status: 'offered', targetProfessions: ['psychologist', 'ethicist'], domains: [8] }),
    esc({ urgency: 'routine', status: 'assigned', dueAt: at(500), domains: [8] }),
    esc({ urgency: 'routine', status: 'resolved', domains: [8] }),
  ];
  it('by urgency in the given order, rate = on time / decided', () => {
    expect(onTimeBy(rows, (e) => [e.urgency], now, ['urgent', 'routine'])).toEqual([
      { key: 'urgent', onTime: 1, late: 1, pending: 0, rate: 0.5 },
      { key: 'routine', onTime: 0, late: 1, pending: 1, rate: 0 },
    ]);
  });
  it('by domain counts a multi-domain escalation in each domain, numeric key order', () => {
    expect(onTimeBy(rows, (e) => e.domains.map(String), now).map((r) => [r.key, r.onTime, r.late, r.pending])).toEqual([
      ['2', 1, 1, 0],
      ['4', 1, 0, 0],
      ['8', 0, 1, 1],
    ]);
  });
  it('by profession: the answerer, or each routed-to profession while unanswered', () => {
    expect(onTimeBy(rows, professionKeys, now).map((r) => r.key)).toEqual(['ethicist', 'pharmacist', 'physician', 'psychologist']);
  });
  it('overall, and null (not 0) when nothing is decided', () => {
    expect(onTimeOverall(rows, now)).toEqual({ key: 'all', onTime: 1, late: 2, pending: 1, rate: 0.333 });
    expect(onTimeOverall([esc({ status: 'assigned', dueAt: at(500) })], now).rate).toBeNull();
  });
});

describe('routing counts', () => {
  it('counts events and the escalations they happened to, every type listed', () => {
    const rows = [
      esc({ events: ['created', 'overdue', 'rerouted', 'overdue', 'rerouted'] }),
      esc({ events: ['created', 'declined', 'rerouted'] }),
      esc({}),
    ];
    expect(routingCounts(rows)).toEqual([
      { event: 'overdue', events: 2, escalations: 1 },
      { event: 'rerouted', events: 3, escalations: 2 },
      { event: 'declined', events: 1, escalations: 1 },
      { event: 'transferred', events: 0, escalations: 0 },
      { event: 'offered', events: 0, escalations: 0 },
    ]);
  });
});

describe('first peer reply', () => {
  it('takes the earliest post by someone else, per month and overall', () => {
    const cases = [
      { id: 'a', authorId: 'u1', createdAt: new Date('2026-08-10T00:00:00Z') },
      { id: 'b', authorId: 'u2', createdAt: new Date('2026-09-02T00:00:00Z') },
      { id: 'c', authorId: 'u3', createdAt: new Date('2026-09-05T00:00:00Z') },
    ];
    const posts = [
      { caseId: 'a', authorId: 'u1', createdAt: new Date('2026-08-10T01:00:00Z') }, // the author: not a reply
      { caseId: 'a', authorId: 'u2', createdAt: new Date('2026-08-10T06:00:00Z') },
      { caseId: 'a', authorId: 'u3', createdAt: new Date('2026-08-10T04:00:00Z') },
      { caseId: 'b', authorId: 'u1', createdAt: new Date('2026-09-03T00:00:00Z') },
      { caseId: 'zz', authorId: 'u1', createdAt: new Date('2026-09-03T00:00:00Z') }, // a case out of range
    ];
    expect(firstPeerReply(cases, posts)).toEqual([
      { month: '2026-08', cases: 1, replied: 1, medianHours: 4, p90Hours: 4 },
      { month: '2026-09', cases: 2, replied: 1, medianHours: 24, p90Hours: 24 },
      { month: 'all', cases: 3, replied: 2, medianHours: 14, p90Hours: 22 },
    ]);
  });
});

describe('sessions by profession', () => {
  it('counts distinct attendees per session and sums participation, by month', () => {
    const sessions: SessionRow[] = [
      { id: 's1', startsAt: new Date('2026-08-20T17:00:00Z'), counts: { nurse: { messages: 3, turns: 1 }, physician: { messages: 2 } } },
      { id: 's2', startsAt: new Date('2026-09-20T17:00:00Z'), counts: {} },
    ];
    const attendees = [
      { sessionId: 's1', userId: 'n1', profession: 'nurse' },
      { sessionId: 's1', userId: 'n2', profession: 'nurse' },
      { sessionId: 's2', userId: 'n1', profession: 'nurse' },
      { sessionId: 'gone', userId: 'n1', profession: 'nurse' },
    ];
    expect(sessionsByProfession(sessions, attendees)).toEqual([
      { month: '2026-08', profession: 'nurse', sessions: 1, attendances: 2, messages: 3, turns: 1 },
      { month: '2026-08', profession: 'physician', sessions: 1, attendances: 0, messages: 2, turns: 0 },
      { month: '2026-09', profession: 'nurse', sessions: 1, attendances: 1, messages: 0, turns: 0 },
    ]);
  });
});

describe('day filters', () => {
  it('turns inclusive days into a half-open UTC range', () => {
    expect(dayRange('2026-09-01', '2026-09-30')).toEqual({
      from: new Date('2026-09-01T00:00:00Z'),
      until: new Date('2026-10-01T00:00:00Z'),
    });
    expect(dayRange()).toEqual({});
  });
  it('knows real days from rolled-over ones', () => {
    expect(isRealDay('2028-02-29')).toBe(true);
    expect(isRealDay('2026-02-30')).toBe(false);
    expect(isRealDay('2026-13-01')).toBe(false);
  });
});

describe('quality CSV', () => {
  it('neutralises formula-looking cells and writes null as empty', () => {
    expect(
      csvTable(
        ['a', 'b'],
        [
          ['=HYPERLINK("x")', null],
          [1.5, '-2'],
        ],
      ),
    ).toBe('a,b\r\n"\'=HYPERLINK(""x"")",\r\n1.5,\'-2\r\n');
  });
  it('labels keys of each table', () => {
    const report = {
      targetHours: { urgent: 24, routine: 72 },
      onTime: {
        byUrgency: [{ key: 'urgent', onTime: 1, late: 0, pending: 0, rate: 1 }],
        byDomain: [{ key: '2', onTime: 0, late: 1, pending: 0, rate: 0 }],
        byProfession: [{ key: 'social_worker', onTime: 1, late: 1, pending: 2, rate: 0.5 }],
      },
      routing: [],
      firstPeerReply: [{ month: 'all', cases: 0, replied: 0, medianHours: null, p90Hours: null }],
      sessionsByProfession: [],
    } as unknown as QualityReportDto;
    expect(qualityCsv(report, 'onTimeByUrgency')).toBe(
      'urgency,label,on_time,late,pending,on_time_rate\r\nurgent,urgent (target 24 h),1,0,0,1\r\n',
    );
    expect(qualityCsv(report, 'onTimeByDomain').split('\r\n')[1]).toBe('2,Physical,0,1,0,0');
    expect(qualityCsv(report, 'onTimeByProfession').split('\r\n')[1]).toBe('social_worker,Social Worker,1,1,2,0.5');
    expect(qualityCsv(report, 'firstPeerReply')).toBe('month,cases,replied,median_hours,p90_hours\r\nall,0,0,,\r\n');
  });
});
