/** Quality-improvement figures (recharts); lazy-loaded so the charting library stays out of the first load. */
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { qk } from '../../../lib/query-keys';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { fetchSummary } from '../api/analytics.api';
import { countRows, pick, responseRows, type CountRow, type ResponseRow } from '../hooks/normalise';

const COLORS = ['#1d4ed8', '#b45309', '#047857', '#9d174d', '#4338ca'];
const fmt = (m: number | null) => (m === null ? '—' : m >= 120 ? `${(m / 60).toFixed(1)} h` : `${Math.round(m)} min`);

function ResponseChart({ rows, caption }: { rows: ResponseRow[]; caption: string }) {
  if (rows.length === 0) return <Empty>No answered escalations yet.</Empty>;
  return (
    <figure className="chart">
      <div style={{ width: '100%', height: Math.max(220, rows.length * 40 + 60) }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart accessibilityLayer={false} data={rows.map((r) => ({ ...r, p50: r.p50 ?? 0, p90: r.p90 ?? 0 }))} layout="vertical" margin={{ left: 16, right: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" unit=" min" />
            <YAxis type="category" dataKey="label" width={170} />
            <Tooltip formatter={(v) => fmt(Number(v))} />
            <Legend />
            <Bar dataKey="p50" name="Median (p50)" fill={COLORS[0]} />
            <Bar dataKey="p90" name="p90" fill={COLORS[1]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Group</th><th scope="col">Answered</th><th scope="col">Median</th><th scope="col">p90</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.key}><th scope="row">{r.label}</th><td>{r.count}</td><td>{fmt(r.p50)}</td><td>{fmt(r.p90)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

function CountChart({ rows, caption }: { rows: CountRow[]; caption: string }) {
  if (rows.length === 0) return <Empty>No data yet.</Empty>;
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'key' && k !== 'label')))];
  return (
    <figure className="chart">
      <div style={{ width: '100%', height: Math.max(220, rows.length * 36 + 60) }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ left: 16, right: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={170} />
            <Tooltip />
            <Legend />
            {metrics.map((m, i) => <Bar key={m} dataKey={m} fill={COLORS[i % COLORS.length]} />)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Group</th>{metrics.map((m) => <th key={m} scope="col">{m}</th>)}</tr></thead>
        <tbody>{rows.map((r) => <tr key={r.key}><th scope="row">{r.label}</th>{metrics.map((m) => <td key={m}>{r[m] ?? 0}</td>)}</tr>)}</tbody>
      </table>
    </figure>
  );
}

export default function AnalyticsPage() {
  const q = useQuery({ queryKey: qk.analytics, queryFn: ({ signal }) => fetchSummary(signal) });
  if (q.isPending) return <Loading label="Loading figures…" />;
  if (q.error) return <ErrorNote error={q.error} />;
  const s = q.data;
  return (
    <>
      <PageTitle>Quality improvement</PageTitle>
      {(() => {
        const overall = responseRows({ overall: pick(s, 'escalationResponseHours.overall') }, ['key'])[0];
        const notes = pick(s, 'notes');
        return (
          <>
            {overall && overall.count > 0 && (
              <p className="lede">All escalations: {overall.count} answered, median {fmt(overall.p50)}, p90 {fmt(overall.p90)}.</p>
            )}
            {Array.isArray(notes) && notes.length > 0 && (
              <ul className="note">{notes.map((n) => <li key={String(n)}>{String(n)}</li>)}</ul>
            )}
          </>
        );
      })()}
      <div className="grid-2">
        <Section title="Escalation response time by NCP domain" id="qi-domain">
          <ResponseChart rows={responseRows(pick(s, 'escalationResponseHours.byDomain', 'escalations.byDomain'), ['domain', 'key'])} caption="Time to answer, by domain" />
        </Section>
        <Section title="Escalation response time by faculty profession" id="qi-prof">
          <ResponseChart rows={responseRows(pick(s, 'escalationResponseHours.byProfession', 'escalations.byProfession'), ['profession', 'key'])} caption="Time to answer, by profession" />
        </Section>
        <Section title="Session participation by profession" id="qi-sessions">
          <CountChart rows={countRows(pick(s, 'sessionParticipationByProfession', 'sessions.byProfession'), ['profession', 'key'])} caption="Live-session participation" />
        </Section>
        <Section title="Posts by profession" id="qi-posts">
          <CountChart rows={countRows(pick(s, 'postsByProfession', 'posts.byProfession'), ['profession', 'key'])} caption="Thread posts" />
        </Section>
        <Section title="Cases by NCP domain" id="qi-cases">
          <CountChart rows={countRows(pick(s, 'casesByDomain', 'cases.byDomain'), ['domain', 'key'])} caption="Cases" />
        </Section>
      </div>
    </>
  );
}
