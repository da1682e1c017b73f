import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ESAS_ITEMS, NARRATIVE_FIELDS, NCP_DOMAINS, type CaseDto } from '@casebridge/contracts';
import { qk } from '../../../lib/query-keys';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { Markdown } from '../../../components/ui/Markdown';
import { getPresentedCase } from '../api/sessions.api';

const words = (s: string) =>
  (s.charAt(0).toUpperCase() + s.slice(1))
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
const ESAS_WORDS: Record<(typeof ESAS_ITEMS)[number], string> = {
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

function Facts({ c }: { c: CaseDto }) {
  const high = c.esas ? ESAS_ITEMS.filter((i) => (c.esas?.[i] ?? 0) >= 7) : [];
  return (
    <dl className="case-facts">
      <dt>Patient</dt>
      <dd>
        {c.patient.age} years, {c.patient.sex}, {words(c.illness)}, at {words(c.setting)}
      </dd>
      <dt>Question</dt>
      <dd>
        {c.question.text}{' '}
        <span className="muted">
          ({c.question.domains.map((d) => NCP_DOMAINS[d]).join(', ')}; {c.question.urgency})
        </span>
      </dd>
      {c.pps !== undefined && (
        <>
          <dt>PPS</dt>
          <dd>{c.pps}%</dd>
        </>
      )}
      {c.esas && (
        <>
          <dt>ESAS-r</dt>
          <dd>
            {high.length ? (
              <>Scores of 7 or more: {high.map((i) => `${ESAS_WORDS[i]} ${c.esas?.[i]}`).join(', ')}</>
            ) : (
              'No item at 7 or more'
            )}
          </dd>
        </>
      )}
      {c.medications && c.medications.length > 0 && (
        <>
          <dt>Medications</dt>
          <dd>{c.medications.join('; ')}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * The presented case beside the chat, so nobody leaves the room to read it:
 * the key facts, the question, and the narrative folded. The case API applies the same access
 * and anonymity rules as the case page.
 */
export function PresentedCasePanel({
  caseId,
  heading = 'The presented case',
  headingId = 'presented-case-title',
}: {
  caseId: string;
  heading?: string;
  headingId?: string;
}) {
  const q = useQuery({ queryKey: qk.case(caseId), queryFn: ({ signal }) => getPresentedCase(caseId, signal) });
  return (
    <section className="panel presented-case" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {q.isPending ? (
        <Loading label="Loading the case…" />
      ) : q.error ? (
        <ErrorNote error={q.error} title="The case could not be loaded." />
      ) : (
        <>
          <p className="presented-case-name">
            <strong>{q.data.title}</strong>
          </p>
          <Facts c={q.data} />
          {q.data.narrative && Object.keys(q.data.narrative).length > 0 && (
            <details>
              <summary>Narrative</summary>
              {NARRATIVE_FIELDS.filter((f) => q.data.narrative?.[f]).map((f) => (
                <div key={f}>
                  <h3>{words(f)}</h3>
                  <Markdown>{q.data.narrative?.[f] ?? ''}</Markdown>
                </div>
              ))}
            </details>
          )}
          <p>
            <Link to={`/cases/${caseId}`} target="_blank" rel="noopener">
              Open the full case in a new tab
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
