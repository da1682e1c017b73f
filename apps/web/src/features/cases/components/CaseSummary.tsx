import { ESAS_ITEMS, NCP_DOMAINS, NARRATIVE_FIELDS, PROFESSION_LABELS, type CaseDto } from '@casebridge/contracts';
import { formatDateTime } from '../../../lib/time';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { Markdown } from '../../../components/ui/Markdown';

const human = (s: string) => s.replace(/_/g, ' ');
const NARRATIVE_TITLES: Record<string, string> = {
  history: 'History and timeline',
  physical: 'Physical',
  psychological: 'Psychological',
  social: 'Social',
  spiritual: 'Spiritual',
  cultural: 'Cultural',
  goalsOfCare: 'Goals of care',
  ethicalLegal: 'Ethical and legal',
};
const ESAS_SHORT: Record<string, string> = {
  pain: 'Pain',
  tiredness: 'Tired',
  drowsiness: 'Drowsy',
  nausea: 'Nausea',
  appetite: 'Appetite',
  dyspnea: 'Breath',
  depression: 'Depression',
  anxiety: 'Anxiety',
  wellbeing: 'Wellbeing',
};

export function CaseSummary({ c }: { c: CaseDto }) {
  return (
    <section className="panel case-summary" aria-labelledby="case-summary-title">
      <h2 id="case-summary-title" className="visually-hidden">
        Case summary
      </h2>
      <p className="row-meta">
        <span className={`status status-${c.status}`}>{c.status}</span> · {human(c.setting)} · {human(c.illness)} · age{' '}
        {String(c.patient.age)} · {c.patient.sex} · {c.patient.state} · posted {formatDateTime(c.createdAt)} by{' '}
        <AuthorLine author={c.author} />
      </p>
      <div className="question">
        <h3>
          Question <span className="tag">{human(c.question.type)}</span>{' '}
          <span className={`tag urgency-${c.question.urgency}`}>{c.question.urgency}</span>
        </h3>
        <Markdown>{c.question.text}</Markdown>
        <p className="tags">
          {c.question.domains.map((d) => (
            <span key={d} className="tag">
              NCP {d}. {NCP_DOMAINS[d]}
            </span>
          ))}
          {c.question.professions?.map((p) => (
            <span key={p} className="tag">
              asks {PROFESSION_LABELS[p]}
            </span>
          ))}
        </p>
      </div>
      {(c.esas || c.pps !== undefined) && (
        <div className="scores">
          {c.esas && (
            // a region that can take focus: the table may scroll sideways on a phone
            <div className="table-wrap" tabIndex={0} role="region" aria-label="ESAS-r scores">
              <table className="esas-table">
                <caption>ESAS-r (completed by {c.esas.completedBy})</caption>
                <thead>
                  <tr>
                    {ESAS_ITEMS.map((i) => (
                      <th key={i} scope="col">
                        {ESAS_SHORT[i]}
                      </th>
                    ))}
                    {c.esas.other && <th scope="col">{c.esas.other.name}</th>}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {ESAS_ITEMS.map((i) => (
                      <td key={i} data-high={c.esas![i] >= 7 || undefined}>
                        {c.esas![i]}
                      </td>
                    ))}
                    {c.esas.other && <td>{c.esas.other.score}</td>}
                  </tr>
                </tbody>
              </table>
            </div>
          )}
          {c.pps !== undefined && (
            <p>
              <strong>PPS</strong> {c.pps}%
            </p>
          )}
        </div>
      )}
      {c.medications && c.medications.length > 0 && (
        <p>
          <strong>Medications:</strong> {c.medications.join('; ')}
        </p>
      )}
      {NARRATIVE_FIELDS.some((f) => c.narrative?.[f]) && (
        <details className="narrative">
          <summary>Narrative</summary>
          {NARRATIVE_FIELDS.filter((f) => c.narrative?.[f]).map((f) => (
            <div key={f}>
              <h3>{NARRATIVE_TITLES[f]}</h3>
              <Markdown>{c.narrative![f]!}</Markdown>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
