/**
 * The case beside the faculty answer form: ESAS-r, PPS, medications, narrative and
 * the thread's key posts (recommendations, endorsed posts, the latest replies), so faculty answer
 * from the queue without leaving it.
 */
import { useQuery } from '@tanstack/react-query';
import { ESAS_ITEMS, NCP_DOMAINS, NARRATIVE_FIELDS, type CaseDto, type EsasItem, type PostDto } from '@casebridge/contracts';
import { qk } from '../../../lib/query-keys';
import { formatDateTime } from '../../../lib/time';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { fetchCase, fetchPosts } from '../api/escalations.api';

const ESAS_WORDS: Record<EsasItem, string> = {
  pain: 'Pain',
  tiredness: 'Tiredness',
  drowsiness: 'Drowsiness',
  nausea: 'Nausea',
  appetite: 'Lack of appetite',
  dyspnea: 'Shortness of breath',
  depression: 'Depression',
  anxiety: 'Anxiety',
  wellbeing: 'Wellbeing',
};
const NARRATIVE_WORDS: Record<(typeof NARRATIVE_FIELDS)[number], string> = {
  history: 'History',
  physical: 'Physical',
  psychological: 'Psychological',
  social: 'Social',
  spiritual: 'Spiritual',
  cultural: 'Cultural',
  goalsOfCare: 'Goals of care',
  ethicalLegal: 'Ethical and legal',
};

/** Recommendations and endorsed posts first, then the three latest others, in thread order. */
export function keyPosts(posts: readonly PostDto[], max = 5): PostDto[] {
  const visible = posts.filter((p) => !p.deleted && !p.hidden && p.kind !== 'system');
  const key = visible.filter((p) => p.kind === 'recommendation' || (p.endorsedBy?.length ?? 0) > 0);
  const rest = visible.filter((p) => !key.includes(p)).slice(-3);
  return [...key, ...rest].sort((a, b) => a.seq - b.seq).slice(-max);
}

function Esas({ c }: { c: CaseDto }) {
  if (!c.esas) return null;
  const scores = c.esas as Partial<Record<EsasItem, number>>;
  const rows = ESAS_ITEMS.filter((i) => typeof scores[i] === 'number');
  if (!rows.length) return null;
  return (
    <table className="esas-summary">
      <caption>ESAS-r (0 none – 10 worst)</caption>
      <tbody>
        {rows.map((i) => (
          <tr key={i} className={scores[i]! >= 7 ? 'high' : undefined}>
            <th scope="row">{ESAS_WORDS[i]}</th>
            <td>
              {scores[i]}
              {scores[i]! >= 7 ? ' (high)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CaseSummary({ caseId }: { caseId: string }) {
  const c = useQuery({ queryKey: qk.case(caseId), queryFn: ({ signal }) => fetchCase(caseId, signal) });
  const posts = useQuery({ queryKey: ['escalations', 'summary-posts', caseId], queryFn: ({ signal }) => fetchPosts(caseId, signal) });
  if (c.isPending) return <Loading label="Loading the case…" />;
  if (c.error) return <ErrorNote error={c.error} title="The case could not be loaded" />;
  const cs = c.data;
  const narrative = NARRATIVE_FIELDS.filter((f) => cs.narrative?.[f]);
  return (
    // Scrolls on its own beside the form: focusable so keyboard users can scroll it too.
    <aside className="case-summary panel" aria-labelledby={`case-summary-${caseId}`} tabIndex={0}>
      <h4 id={`case-summary-${caseId}`}>The case: {cs.title}</h4>
      <p className="row-meta">
        {cs.patient.age} years, {cs.patient.sex}, {cs.illness.replace(/_/g, ' ')}, {cs.setting.replace(/_/g, ' ')}
        {typeof cs.pps === 'number' && <> · PPS {cs.pps}%</>}
      </p>
      <p>
        <strong>Question:</strong> {cs.question.text}
      </p>
      <p className="tags">
        {cs.question.domains.map((d) => (
          <span key={d} className="tag">
            NCP {d}. {NCP_DOMAINS[d]}
          </span>
        ))}
      </p>
      <Esas c={cs} />
      {cs.medications?.length ? (
        <>
          <h5>Medications</h5>
          <ul className="plain">
            {cs.medications.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      {narrative.length > 0 && (
        <dl className="narrative-summary">
          {narrative.map((f) => (
            <div key={f}>
              <dt>{NARRATIVE_WORDS[f]}</dt>
              <dd>{cs.narrative![f]}</dd>
            </div>
          ))}
        </dl>
      )}
      <h5>Key posts in the thread</h5>
      {posts.isPending ? (
        <Loading label="Loading posts…" />
      ) : posts.error ? (
        <ErrorNote error={posts.error} />
      ) : keyPosts(posts.data).length === 0 ? (
        <p className="muted">No replies yet.</p>
      ) : (
        <ol className="plain key-posts">
          {keyPosts(posts.data).map((p) => (
            <li key={p.id}>
              <p className="row-meta">
                {p.author.displayName}
                {p.kind === 'recommendation' ? ' · recommendation' : ''}
                {p.endorsedBy?.length ? ` · endorsed by ${p.endorsedBy.length}` : ''} ·{' '}
                <time dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time>
              </p>
              <p className="post-excerpt">{p.body.length > 400 ? `${p.body.slice(0, 399)}…` : p.body}</p>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
