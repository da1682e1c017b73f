/** Who has spoken, by profession (recharts). Loaded lazily with the session room. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PROFESSION_LABELS, type ParticipationCounts, type Profession } from '@casebridge/contracts';

export function participationRows(p: ParticipationCounts) {
  return (Object.entries(p.byProfession) as [Profession, { messages: number; turns: number; present: number }][])
    .map(([prof, c]) => ({ profession: PROFESSION_LABELS[prof] ?? prof, messages: c.messages, turns: c.turns, present: c.present }))
    .sort((a, b) => b.present - a.present);
}

export default function ParticipationChart({ participation }: { participation: ParticipationCounts }) {
  const rows = participationRows(participation);
  if (rows.length === 0) return <p className="empty">No participation yet.</p>;
  return (
    <figure className="chart">
      <div style={{ width: '100%', height: Math.max(180, rows.length * 36 + 60) }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ left: 16, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="profession" width={130} />
            <Tooltip />
            <Legend />
            <Bar dataKey="messages" name="Chat messages" fill="#1d4ed8" />
            <Bar dataKey="turns" name="Turns called on" fill="#b45309" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* The same figures as a table: the chart is hidden from assistive technology. The wrapper
          hides it: a table ignores width: 1px, and its full width made phones scroll sideways. */}
      <div className="visually-hidden">
        <table>
          <caption>Participation by profession</caption>
          <thead>
            <tr>
              <th scope="col">Profession</th>
              <th scope="col">Present</th>
              <th scope="col">Messages</th>
              <th scope="col">Turns</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.profession}>
                <th scope="row">{r.profession}</th>
                <td>{r.present}</td>
                <td>{r.messages}</td>
                <td>{r.turns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
