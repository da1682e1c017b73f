/**
 * The case page's escalation panel: where each escalation of the
 * case stands in words, the faculty question waiting for the asker (answered right here, posted in
 * the thread), and "Mark resolved" beside the recommendation the asker is reading.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EscalationDto, UserDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { qk } from '../../../lib/query-keys';
import { useNow } from '../../../lib/time';
import { Button } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { fetchCaseEscalations, resolve } from '../api/escalations.api';
import { caseEscalationsKey, upsertEscalation } from '../hooks/queue';
import { pendingQuestion, routingInWords, STATUS_WORDS } from '../lib/words';
import { ProvideInfoForm } from './WorkflowForms';

export function useCaseEscalations(caseId: string) {
  return useQuery({ queryKey: caseEscalationsKey(caseId), queryFn: ({ signal }) => fetchCaseEscalations(caseId, signal) });
}

/** "Mark resolved" for the asker, placed next to the recommendation that answered their escalation. */
export function MarkResolvedButton({ e }: { e: EscalationDto }) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => resolve(e.id),
    onSuccess: (u) => {
      qc.setQueryData<EscalationDto[]>(qk.escalations('mine'), (cur) => (cur ? upsertEscalation(cur, u) : cur));
      void qc.invalidateQueries({ queryKey: caseEscalationsKey(e.caseId) });
      void qc.invalidateQueries({ queryKey: qk.case(e.caseId) });
      announce('Marked resolved. Thank you for closing the loop.');
    },
  });
  return (
    <div className="mark-resolved">
      <Button onPress={() => m.mutate()} isDisabled={m.isPending}>
        {m.isPending ? 'Resolving…' : 'Mark resolved'}
      </Button>
      <span className="muted"> when this answers your question.</span>
      <ErrorNote error={m.error} />
    </div>
  );
}

export function CaseEscalationsPanel({ caseId, me }: { caseId: string; me: Pick<UserDto, 'id'> }) {
  const q = useCaseEscalations(caseId);
  const now = useNow(60_000);
  if (!q.data?.length) return q.error ? <ErrorNote error={q.error} /> : null;
  return (
    <section className="panel case-escalations" aria-labelledby="case-escalations-title">
      <h2 id="case-escalations-title">Escalations to faculty</h2>
      <ul className="plain">
        {q.data.map((e) => {
          const question = pendingQuestion(e);
          return (
            <li key={e.id} className="case-escalation" data-status={e.status}>
              <p>
                <span className={`status status-${e.status}`}>{STATUS_WORDS[e.status]}</span> {routingInWords(e, now)}
              </p>
              <p className="muted question-text">“{e.question}”</p>
              {question && (
                <div className="needs-info">
                  <p>
                    <strong>{e.assigneeName ?? 'Faculty'} asks:</strong> {question}
                  </p>
                  {e.askerId === me.id ? <ProvideInfoForm e={e} /> : <p className="muted">Waiting for the asker’s answer.</p>}
                </div>
              )}
              {e.status === 'answered' && e.askerId === me.id && !e.postId && <MarkResolvedButton e={e} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
