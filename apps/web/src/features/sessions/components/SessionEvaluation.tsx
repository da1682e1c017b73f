import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { HELPFUL_LABELS, PROFESSION_LABELS } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { Button, RadioGroupField, TextAreaField } from '../../../components/ui/controls';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { evaluateSession, sessionEvaluations } from '../api/sessions.api';

const helpfulOptions = ([1, 2, 3, 4, 5] as const).map((n) => ({ id: String(n), label: `${n} · ${HELPFUL_LABELS[n]}` }));

/** The attendee's short evaluation after the session; the free text is checked for identifiers by the server. */
export function EvaluationForm({ sessionId }: { sessionId: string }) {
  const [helpful, setHelpful] = useState<string | null>(null);
  const [change, setChange] = useState('');
  const [missing, setMissing] = useState(false);
  const m = useMutation({
    mutationFn: () => evaluateSession(sessionId, { helpful: Number(helpful), ...(change.trim() ? { change: change.trim() } : {}) }),
    onSuccess: () => announce('Thank you: your evaluation is saved.'),
  });
  return (
    <section className="panel session-evaluation" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">Evaluate this session</h2>
      {m.isSuccess ? <p role="status">Thank you: your evaluation is saved. You can change it and send it again.</p> : null}
      <Form
        validationBehavior="aria"
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (!helpful) setMissing(true);
          else m.mutate();
        }}
      >
        <RadioGroupField
          label="Did the recommendations help with your case or practice?"
          options={helpfulOptions}
          value={helpful}
          onChange={(v) => {
            setHelpful(v);
            setMissing(false);
          }}
          isRequired
          error={missing ? 'Choose how much they helped.' : undefined}
        />
        <TextAreaField
          label="What will you change in your practice? (optional)"
          description="No patient details: this is read by the facilitator."
          value={change}
          onChange={setChange}
          rows={3}
        />
        <ErrorNote error={m.error} />
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          Send evaluation
        </Button>
      </Form>
    </section>
  );
}

/** The facilitator's aggregate: how many answered of those present, the mean and spread, and what people will change (by profession, never by name). */
export function EvaluationSummary({ sessionId }: { sessionId: string }) {
  const q = useQuery({
    queryKey: ['sessions', 'evaluations', sessionId],
    queryFn: ({ signal }) => sessionEvaluations(sessionId, signal),
    refetchInterval: 15_000,
  });
  return (
    <section className="panel session-evaluation" aria-labelledby="evaluation-summary-title">
      <h2 id="evaluation-summary-title">Evaluations</h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : (
        <>
          <p>
            {q.data.count} of {q.data.attendees} attendee{q.data.attendees === 1 ? '' : 's'} answered
            {q.data.helpful.mean !== null && (
              <>
                ; the recommendations helped <strong>{q.data.helpful.mean}</strong> out of 5 on average
              </>
            )}
            .
          </p>
          <table className="evaluation-table">
            <caption className="visually-hidden">Answers to “did the recommendations help”</caption>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col">People</th>
              </tr>
            </thead>
            <tbody>
              {([5, 4, 3, 2, 1] as const).map((n) => (
                <tr key={n}>
                  <th scope="row">
                    {n} · {HELPFUL_LABELS[n]}
                  </th>
                  <td>{q.data.helpful.distribution[String(n) as '1']}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.data.changes.length > 0 && (
            <>
              <h3>What people will change</h3>
              <ul>
                {q.data.changes.map((c, i) => (
                  <li key={i}>
                    <span className="muted">{PROFESSION_LABELS[c.profession] ?? c.profession}:</span> {c.text}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
