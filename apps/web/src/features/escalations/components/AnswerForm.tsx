/** The eConsult-style structured answer: restated question, recommendations, rationale, contingency, follow-up. */
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Form } from 'react-aria-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AnswerEscalationRequest, type EscalationDto, type PhiSpan } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { pruneEmpty, schemaResolver } from '../../../lib/forms';
import { findingsByField, useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { Button } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { answer } from '../api/escalations.api';
import { upsertEscalation } from '../hooks/queue';
import { CaseSummary } from './CaseSummary';

type Values = { restatedQuestion: string; recommendations: string; rationale: string; contingency: string; followUp: string };
const FIELDS: { name: keyof Values; label: string; hint?: string; required?: boolean }[] = [
  { name: 'restatedQuestion', label: 'The question as you understand it', required: true },
  { name: 'recommendations', label: 'Recommendations', hint: 'Numbered, actionable steps. Markdown.', required: true },
  { name: 'rationale', label: 'Rationale', required: true },
  { name: 'contingency', label: 'If things change (contingency plan)' },
  { name: 'followUp', label: 'Follow-up' },
];

export function AnswerForm({ e, onDone }: { e: EscalationDto; onDone: () => void }) {
  const qc = useQueryClient();
  const { control, handleSubmit, watch } = useForm<Values>({
    defaultValues: { restatedQuestion: e.question, recommendations: '', rationale: '', contingency: '', followUp: '' },
    resolver: schemaResolver<Values>(AnswerEscalationRequest, (v) => pruneEmpty(v)),
  });
  const values = watch();
  const live = useLivePhi(values);
  const [server, setServer] = useState<{ values: Values; spans: Record<string, PhiSpan[]> } | null>(null);
  const m = useMutation({
    mutationFn: (v: Values) => answer(e.id, pruneEmpty(v) as AnswerEscalationRequest),
    onSuccess: (updated) => {
      qc.setQueryData<EscalationDto[]>(qk.escalations('mine'), (cur) => upsertEscalation(cur, updated));
      announce('Answer posted to the case thread.');
      onDone();
    },
    onError: (err, v) => {
      const f = phiFindingsOf(err);
      if (f) setServer({ values: v, spans: findingsByField(f) });
    },
  });
  return (
    <div className="answer-layout">
      <CaseSummary caseId={e.caseId} />
      <Form
        validationBehavior="aria"
        className="stack answer-form"
        onSubmit={(ev) => void handleSubmit((v) => m.mutate(v))(ev)}
        aria-label="Answer the escalation"
      >
        {FIELDS.map((f) => (
          <Controller
            key={f.name}
            control={control}
            name={f.name}
            render={({ field, fieldState }) => (
              <PhiTextArea
                label={f.label}
                description={f.hint}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                isRequired={f.required}
                error={fieldState.error?.message}
                spans={live.spans[f.name] ?? []}
                serverSpans={server && server.values[f.name] === field.value ? (server.spans[f.name] ?? []) : []}
                rows={f.name === 'recommendations' ? 6 : 3}
              />
            )}
          />
        ))}
        <ErrorNote error={m.error} />
        <div className="form-actions">
          <Button variant="quiet" onPress={onDone}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isDisabled={m.isPending}>
            {m.isPending ? 'Posting…' : 'Post recommendation'}
          </Button>
        </div>
      </Form>
    </div>
  );
}
