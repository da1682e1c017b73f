/**
 * Quality improvement: the programme's measures (GET /api/analytics/quality), filtered by cohort and
 * days in the URL. Every chart has its table beside it; bars carry their value as text and series
 * differ by pattern as well as colour, so nothing is read from colour alone. Each table downloads
 * as CSV. Lazy-loaded, so the charting library stays out of the first load.
 */
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type {
  FirstReplyRowDto,
  OnTimeRowDto,
  QualityQuery,
  QualityReportDto,
  QualityTable,
  RoutingRowDto,
  SessionProfessionRowDto,
} from '@casebridge/contracts';
import { useCohorts } from '../../../lib/cohorts';
import { Button, SelectField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import {
  domainLabel,
  downloadQualityCsv,
  hours,
  monthLabel,
  percent,
  professionLabel,
  urgencyLabel,
  useQualityFilters,
  useQualityReport,
} from '../hooks/useQuality';

const ALL = 'all';

/** Solid for the first series, diagonal hatching for the second: told apart in greyscale too. */
function Patterns() {
  return (
    <defs>
      <pattern id="qi-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#fde68a" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#92400e" strokeWidth="3" />
      </pattern>
    </defs>
  );
}

interface Series {
  key: string;
  name: string;
  fill: string;
}
const SOLID = '#1d4ed8';
const HATCH = 'url(#qi-hatch)';

/** Horizontal bars with the value written at the end of each bar; hidden from assistive tech (the table says the same). */
function Bars({
  rows,
  series,
  format,
  max,
}: {
  rows: Record<string, string | number>[];
  series: Series[];
  format: (v: number) => string;
  max?: number;
}) {
  return (
    <div className="qi-chart" style={{ height: Math.max(140, rows.length * (series.length * 22 + 14) + 40) }} aria-hidden="true">
      <ResponsiveContainer>
        <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ left: 8, right: 56, top: 4, bottom: 4 }}>
          <Patterns />
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, max ?? 'auto']} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.fill} stroke="#1f2937" strokeWidth={0.5} isAnimationActive={false}>
              <LabelList
                dataKey={s.key}
                position="right"
                formatter={(v: unknown) => `${s.name}: ${format(Number(v))}`}
                style={{ fontSize: 11, fill: '#111827' }}
              />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function CsvButton({ table, filters, label }: { table: QualityTable; filters: QualityQuery; label: string }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Button
        variant="quiet"
        aria-label={`Download ${label} as CSV`}
        onPress={() => downloadQualityCsv(table, filters).then(() => setError(null), setError)}
      >
        CSV
      </Button>
      {error !== null && <ErrorNote error={error} />}
    </>
  );
}

function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    // Focusable, so a keyboard user can scroll a table wider than a phone.
    <div className="table-wrap" tabIndex={0} role="group" aria-label={caption}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={i ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function OnTime({ rows, label, caption }: { rows: OnTimeRowDto[]; label: (k: string) => string; caption: string }) {
  if (!rows.length) return <Empty>No escalation in this range.</Empty>;
  return (
    <>
      <Bars
        rows={rows.map((r) => ({ label: label(r.key), rate: r.rate === null ? 0 : r.rate * 100 }))}
        series={[{ key: 'rate', name: 'On time', fill: SOLID }]}
        format={(v) => `${Math.round(v)}%`}
        max={100}
      />
      <Table caption={caption} head={['Group', 'On time', 'Late', 'Not yet due', 'On-time rate']}>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{label(r.key)}</th>
            <td className="num">{r.onTime}</td>
            <td className="num">{r.late}</td>
            <td className="num">{r.pending}</td>
            <td className="num">{percent(r.rate)}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

const ROUTING_LABELS: Record<string, string> = {
  overdue: 'Past target (admins alerted)',
  rerouted: 'Re-routed to another faculty member',
  declined: 'Declined by faculty',
  transferred: 'Transferred to a colleague',
  offered: 'Offered to the faculty pool',
};

function Routing({ rows }: { rows: RoutingRowDto[] }) {
  return (
    <Table caption="Routing events over the escalations raised in this range" head={['Event', 'Times', 'Escalations']}>
      {rows.map((r) => (
        <tr key={r.event}>
          <th scope="row">{ROUTING_LABELS[r.event] ?? r.event}</th>
          <td className="num">{r.events}</td>
          <td className="num">{r.escalations}</td>
        </tr>
      ))}
    </Table>
  );
}

function FirstReply({ rows }: { rows: FirstReplyRowDto[] }) {
  const months = rows.filter((r) => r.month !== ALL);
  if (!months.length) return <Empty>No case was posted in this range.</Empty>;
  return (
    <>
      <Bars
        rows={months.map((r) => ({ label: monthLabel(r.month), median: r.medianHours ?? 0, p90: r.p90Hours ?? 0 }))}
        series={[
          { key: 'median', name: 'Median', fill: SOLID },
          { key: 'p90', name: 'p90', fill: HATCH },
        ]}
        format={(v) => hours(v)}
      />
      <Table
        caption="Time from a case being posted to the first reply by a colleague"
        head={['Month posted', 'Cases', 'Replied', 'Median', 'p90']}
      >
        {rows.map((r) => (
          <tr key={r.month}>
            <th scope="row">{monthLabel(r.month)}</th>
            <td className="num">{r.cases}</td>
            <td className="num">{r.replied}</td>
            <td className="num">{hours(r.medianHours)}</td>
            <td className="num">{hours(r.p90Hours)}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function Sessions({ rows }: { rows: SessionProfessionRowDto[] }) {
  if (!rows.length) return <Empty>No live session took place in this range.</Empty>;
  const byProfession = new Map<string, { attendances: number; messages: number }>();
  for (const r of rows) {
    const cur = byProfession.get(r.profession) ?? { attendances: 0, messages: 0 };
    byProfession.set(r.profession, { attendances: cur.attendances + r.attendances, messages: cur.messages + r.messages });
  }
  return (
    <>
      <Bars
        rows={[...byProfession.entries()].map(([p, v]) => ({ label: professionLabel(p), ...v }))}
        series={[
          { key: 'attendances', name: 'Attended', fill: SOLID },
          { key: 'messages', name: 'Messages', fill: HATCH },
        ]}
        format={(v) => String(Math.round(v))}
      />
      <Table
        caption="Live-session attendance and participation by month and profession"
        head={['Month · profession', 'Sessions', 'Attended', 'Messages', 'Turns']}
      >
        {rows.map((r) => (
          <tr key={`${r.month}-${r.profession}`}>
            <th scope="row">
              {monthLabel(r.month)} · {professionLabel(r.profession)}
            </th>
            <td className="num">{r.sessions}</td>
            <td className="num">{r.attendances}</td>
            <td className="num">{r.messages}</td>
            <td className="num">{r.turns}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function Filters({ filters, onChange }: { filters: QualityQuery; onChange: (f: QualityQuery) => void }) {
  const cohorts = useCohorts();
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const options = [{ id: ALL, label: 'All my cohorts' }, ...(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))];
  return (
    <form
      className="filters"
      aria-label="Filter the measures"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...filters, ...(from ? { from } : { from: undefined }), ...(to ? { to } : { to: undefined }) });
      }}
    >
      <SelectField
        label="Cohort"
        options={options}
        value={filters.cohortId ?? ALL}
        onChange={(v) => onChange({ ...filters, cohortId: v === ALL ? undefined : v })}
      />
      <TextInput label="From (day)" type="date" value={from} onChange={setFrom} />
      <TextInput label="To (day)" type="date" value={to} onChange={setTo} />
      <div className="filters-actions">
        <Button type="submit" variant="primary">
          Apply dates
        </Button>
        {(filters.from || filters.to) && (
          <Button
            onPress={() => {
              setFrom('');
              setTo('');
              onChange({ ...filters, from: undefined, to: undefined });
            }}
          >
            All dates
          </Button>
        )}
      </div>
    </form>
  );
}

function Report({ report, filters }: { report: QualityReportDto; filters: QualityQuery }) {
  const o = report.onTime.overall;
  const csv = (table: QualityTable, label: string) => <CsvButton table={table} filters={filters} label={label} />;
  return (
    <>
      <p className="lede">
        {o.onTime + o.late > 0
          ? `${percent(o.rate)} of decided escalations were answered within target (${o.onTime} on time, ${o.late} late, ${o.pending} not yet due). Targets: urgent ${report.targetHours.urgent} h, routine ${report.targetHours.routine} h.`
          : `No escalation has reached its target yet in this range. Targets: urgent ${report.targetHours.urgent} h, routine ${report.targetHours.routine} h.`}
      </p>
      {report.notes.length > 0 && (
        <ul className="note">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="grid-2">
        <Section title="On-time answers by urgency" id="qi-urgency" actions={csv('onTimeByUrgency', 'on-time answers by urgency')}>
          <OnTime
            rows={report.onTime.byUrgency}
            label={(k) => `${urgencyLabel(k)} (${report.targetHours[k as 'urgent' | 'routine'] ?? '?'} h)`}
            caption="Answers against the response target, by urgency"
          />
        </Section>
        <Section title="On-time answers by NCP domain" id="qi-domain" actions={csv('onTimeByDomain', 'on-time answers by domain')}>
          <OnTime
            rows={report.onTime.byDomain}
            label={domainLabel}
            caption="Answers against the response target, by NCP domain (a question in two domains counts in both)"
          />
        </Section>
        <Section
          title="On-time answers by profession"
          id="qi-profession"
          actions={csv('onTimeByProfession', 'on-time answers by profession')}
        >
          <OnTime
            rows={report.onTime.byProfession}
            label={professionLabel}
            caption="Answers against the response target, by the answering profession (unanswered: the professions it was routed to)"
          />
        </Section>
        <Section title="Re-routing and declines" id="qi-routing" actions={csv('routing', 'routing events')}>
          <Routing rows={report.routing} />
        </Section>
        <Section title="Time to first peer reply" id="qi-reply" actions={csv('firstPeerReply', 'time to first peer reply')}>
          <FirstReply rows={report.firstPeerReply} />
        </Section>
        <Section title="Live sessions by profession" id="qi-sessions" actions={csv('sessionsByProfession', 'live sessions by profession')}>
          <Sessions rows={report.sessionsByProfession} />
        </Section>
      </div>
    </>
  );
}

export default function AnalyticsPage() {
  const [filters, setFilters] = useQualityFilters();
  const q = useQualityReport(filters);
  return (
    <>
      <PageTitle>Quality improvement</PageTitle>
      <Filters filters={filters} onChange={setFilters} />
      {q.isPending ? (
        <Loading label="Loading measures…" />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : (
        <Report report={q.data} filters={filters} />
      )}
    </>
  );
}
