/**
 * The structured case template (domain.md "A structured case"), with live PHI
 * highlighting in every free-text field and a draft that survives a reload.
 * Lazy-loaded: it pulls in the detector (libs/deid) and the form validator.
 */
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useForm, type Path } from 'react-hook-form';
import { Form, Label, NumberField, Group, Input } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateCaseRequest, ESAS_COMPLETED_BY, ESAS_ITEMS, ILLNESSES, NARRATIVE_FIELDS, NCP_DOMAINS, PROFESSIONS,
  PROFESSION_LABELS, QUESTION_TYPES, SETTINGS, SEXES, US_STATES, type EsasItem, type PhiSpan,
} from '@casebridge/contracts';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { clearDraft, loadDraft, useDraftAutosave } from '../../../lib/drafts';
import { schemaIssues } from '../../../lib/forms';
import { useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { Button, CheckboxField, CheckboxGroupField, RadioGroupField, SelectField, TextInput } from '../../../components/ui/controls';
import { PageTitle } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { createCase, listCohorts } from '../api/cases.api';
import { draftPathOf, emptyDraft, serverSpansByField, textFields, toRequest, type CaseDraft, type NarrativeField } from '../hooks/composer-model';

const DRAFT_KEY = 'case-composer';

const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const opts = (values: readonly string[]) => values.map((v) => ({ id: v, label: label(v) }));

/** ESAS-r item wording (revised version, "now"). */
const ESAS_LABELS: Record<EsasItem, string> = {
  pain: 'Pain', tiredness: 'Tiredness', drowsiness: 'Drowsiness', nausea: 'Nausea', appetite: 'Lack of appetite',
  dyspnea: 'Shortness of breath', depression: 'Depression', anxiety: 'Anxiety', wellbeing: 'Wellbeing',
};

/** PPSv2 levels with the ambulation and activity columns, to pick the right level (never an average). */
const PPS_LEVELS: Record<number, string> = {
  100: 'full ambulation, normal activity, no evidence of disease',
  90: 'full ambulation, normal activity, some evidence of disease',
  80: 'full ambulation, normal activity with effort',
  70: 'reduced ambulation, unable to do normal job or work',
  60: 'reduced ambulation, unable to do hobby or housework, occasional assistance',
  50: 'mainly sit or lie, unable to do any work, considerable assistance',
  40: 'mainly in bed, unable to do most activity, mainly assistance',
  30: 'totally bed bound, total care',
  20: 'totally bed bound, total care, intake minimal to sips',
  10: 'totally bed bound, total care, mouth care only',
  0: 'death',
};
const ppsOptions = [{ id: '', label: 'Not recorded' }, ...[100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((v) => ({ id: String(v), label: `PPS ${v}% — ${PPS_LEVELS[v]}` }))];

const NARRATIVE_LABELS: Record<NarrativeField, { label: string; hint: string }> = {
  history: { label: 'History and timeline', hint: 'Relative terms only: "hospital day 3", "6 weeks after diagnosis".' },
  physical: { label: 'Physical', hint: 'Symptoms, findings; generic drug names and doses are fine.' },
  psychological: { label: 'Psychological', hint: '' },
  social: { label: 'Social', hint: 'Roles, not names: "the daughter", "a neighbour".' },
  spiritual: { label: 'Spiritual', hint: '' },
  cultural: { label: 'Cultural', hint: '' },
  goalsOfCare: { label: 'Goals of care', hint: 'Which step of the conversation you are stuck on, if any.' },
  ethicalLegal: { label: 'Ethical and legal', hint: 'Surrogate, capacity concern, code-status conflict…' },
};

export default function CaseComposerPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const cohorts = useQuery({ queryKey: qk.cohorts, queryFn: ({ signal }) => listCohorts(signal) });
  const { watch, setValue, reset, setError, clearErrors, formState } = useForm<CaseDraft>({ defaultValues: loadDraft(DRAFT_KEY, emptyDraft()) });
  const draft = watch();
  const savedAt = useDraftAutosave(DRAFT_KEY, draft);
  const texts = textFields(draft);
  const live = useLivePhi(texts);
  // The server's refusal, remembered with the text it judged: shown until that text changes.
  const [server, setServer] = useState<{ texts: Record<string, string>; spans: Record<string, PhiSpan[]> } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [summary, setSummary] = useState<string[]>([]);

  const serverSpans = (field: string) => (server && server.texts[field] === texts[field] ? (server.spans[field] ?? []) : []);
  const liveSpans = (field: string) => live.spans[field] ?? [];
  const errorOf = (name: string): string | undefined => {
    const e = name.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], formState.errors);
    return (e as { message?: string } | undefined)?.message;
  };
  const set = (name: Path<CaseDraft>) => (v: unknown) => {
    setValue(name, v as never, { shouldDirty: true });
    clearErrors(name);
  };

  const create = useMutation({
    mutationFn: createCase,
    onSuccess: (c) => {
      clearDraft(DRAFT_KEY);
      void qc.invalidateQueries({ queryKey: qk.caseLists });
      void navigate(`/cases/${c.id}`);
    },
    onError: (e) => {
      const findings = phiFindingsOf(e);
      if (findings) {
        setServer({ texts, spans: serverSpansByField(draft, findings) });
        const fields = [...new Set(findings.map((f) => f.field))];
        setSummary([`The privacy check found ${findings.length} possible identifier${findings.length === 1 ? '' : 's'} in: ${fields.join(', ')}. Nothing was saved. Rewrite the highlighted text.`]);
      } else setSummary([describeError(e)]);
      requestAnimationFrame(() => summaryRef.current?.focus());
    },
  });

  const submit = () => {
    const req = toRequest(draft);
    const issues = schemaIssues(CreateCaseRequest, req);
    const problems: string[] = [];
    if (!draft.attestation) problems.push('Confirm that the case is de-identified.');
    const liveCount = Object.values(live.spans).reduce((n, s) => n + s.length, 0);
    if (liveCount > 0) problems.push(`${liveCount} possible identifier${liveCount === 1 ? ' is' : 's are'} still highlighted.`);
    for (const i of issues) {
      const path = draftPathOf(i.path);
      setError(path as Path<CaseDraft>, { type: 'schema', message: i.message });
      problems.push(`${path}: ${i.message}`);
    }
    if (problems.length) {
      setSummary(problems);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSummary([]);
    create.mutate(req);
  };

  return (
    <>
      <PageTitle
        actions={
          <Button
            variant="quiet"
            onPress={() => {
              clearDraft(DRAFT_KEY);
              reset(emptyDraft());
              setServer(null);
              setSummary([]);
            }}
          >
            Discard draft
          </Button>
        }
      >
        New case
      </PageTitle>
      <p className="lede">
        De-identify before you write: no names of anyone in the story, no dates (use “day 3”), no place smaller than a state, ages over 89 as “90+”.{' '}
        <span role="status" className="draft-status">
          {savedAt ? `Draft saved ${savedAt.toLocaleTimeString()}.` : ''}
        </span>
      </p>
      <p className="phi-source-note" role="note">
        {live.source === 'idle' && 'A privacy check highlights possible identifiers as you type.'}
        {live.source === 'local' && 'Privacy check runs in your browser as you type.'}
        {live.source === 'server' && 'Privacy check runs on the server as you pause typing.'}
        {live.source === 'loading' && 'Loading the privacy check…'}
        {live.source === 'unavailable' && 'The live privacy check is unavailable; the server still checks when you submit.'}
      </p>
      {summary.length > 0 && (
        <div className="note note-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <strong>The case was not posted.</strong>
          <ul>{summary.map((s) => <li key={s}>{s}</li>)}</ul>
        </div>
      )}
      <Form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset className="panel">
          <legend>Case</legend>
          <SelectField label="Cohort" options={(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))} value={draft.cohortId || null} onChange={set('cohortId')} error={errorOf('cohortId')} isRequired placeholder={cohorts.isPending ? 'Loading…' : 'Choose…'} />
          <PhiTextArea label="Title" rows={1} value={draft.title} onChange={set('title')} spans={liveSpans('title')} serverSpans={serverSpans('title')} error={errorOf('title')} isRequired description="A clinical summary, e.g. “Refractory dyspnea in advanced COPD at home”." />
          <div className="grid-3">
            <SelectField label="Setting" options={opts(SETTINGS)} value={draft.setting || null} onChange={set('setting')} error={errorOf('setting')} isRequired placeholder="Choose…" />
            <SelectField label="Serious illness" options={opts(ILLNESSES)} value={draft.illness || null} onChange={set('illness')} error={errorOf('illness')} isRequired placeholder="Choose…" />
            <TextInput label="Age" description="0–89, or 90+ (Safe Harbor)." value={draft.age} onChange={set('age')} error={errorOf('age')} isRequired />
            <SelectField label="Sex / gender" options={opts(SEXES)} value={draft.sex || null} onChange={set('sex')} error={errorOf('sex')} isRequired placeholder="Choose…" />
            <SelectField label="State" description="Nothing smaller than a state." options={US_STATES.map((s) => ({ id: s, label: s }))} value={draft.state || null} onChange={set('state')} error={errorOf('state')} isRequired placeholder="Choose…" />
          </div>
        </fieldset>

        <fieldset className="panel">
          <legend>Your question</legend>
          <PhiTextArea label="Question" value={draft.questionText} onChange={set('questionText')} spans={liveSpans('question.text')} serverSpans={serverSpans('question.text')} error={errorOf('questionText')} isRequired rows={3} />
          <div className="grid-2">
            <SelectField label="Question type" options={opts(QUESTION_TYPES)} value={draft.questionType || null} onChange={set('questionType')} error={errorOf('questionType')} isRequired placeholder="Choose…" />
            <RadioGroupField label="Urgency" options={opts(['routine', 'urgent'])} value={draft.urgency} onChange={set('urgency')} error={errorOf('urgency')} />
          </div>
          <CheckboxGroupField
            label="NCP domains"
            description="National Consensus Project guidelines, 4th ed. Choose at least one."
            options={Object.entries(NCP_DOMAINS).map(([id, name]) => ({ id, label: `${id}. ${name}` }))}
            value={draft.domains}
            onChange={set('domains')}
            error={errorOf('domains')}
            isRequired
          />
          <CheckboxGroupField label="Preferred responder professions (optional)" options={PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }))} value={draft.professions} onChange={set('professions')} />
        </fieldset>

        <fieldset className="panel">
          <legend>Symptoms and function</legend>
          <CheckboxField isSelected={draft.esasEnabled} onChange={set('esasEnabled')}>
            Include an ESAS-r assessment
          </CheckboxField>
          {draft.esasEnabled && (
            <div role="group" aria-labelledby="esas-title" aria-describedby="esas-desc">
              <h3 id="esas-title">ESAS-r, now</h3>
              <p id="esas-desc" className="field-description">0 = none or best, 10 = worst possible.</p>
              <div className="esas-grid">
                {ESAS_ITEMS.map((item) => (
                  <NumberField key={item} className="field esas-item" minValue={0} maxValue={10} step={1} value={draft.esas[item] ?? Number.NaN} onChange={(v) => set(`esas.${item}` as Path<CaseDraft>)(Number.isNaN(v) ? null : v)} isInvalid={!!errorOf(`esas.${item}`)}>
                    <Label>{ESAS_LABELS[item]}</Label>
                    <Group className="number-group">
                      <Input inputMode="numeric" />
                    </Group>
                  </NumberField>
                ))}
              </div>
              <div className="grid-2">
                <PhiTextArea label="Other problem (optional)" rows={1} value={draft.esasOtherName} onChange={set('esasOtherName')} spans={liveSpans('esas.other.name')} serverSpans={serverSpans('esas.other.name')} />
                <NumberField className="field" minValue={0} maxValue={10} value={draft.esasOtherScore ?? Number.NaN} onChange={(v) => set('esasOtherScore')(Number.isNaN(v) ? null : v)}>
                  <Label>Other problem score</Label>
                  <Group className="number-group">
                    <Input inputMode="numeric" />
                  </Group>
                </NumberField>
              </div>
              <RadioGroupField label="Completed by" options={ESAS_COMPLETED_BY.map((v) => ({ id: v, label: { patient: 'Patient', family: 'Family caregiver', professional: 'Health professional', assisted: 'Assisted' }[v] }))} value={draft.esasCompletedBy} onChange={set('esasCompletedBy')} error={errorOf('esasCompletedBy')} />
            </div>
          )}
          <SelectField label="Palliative Performance Scale (PPSv2)" description="Pick the level that fits best, reading across the columns; do not average." options={ppsOptions} value={draft.pps} onChange={set('pps')} />
          <PhiTextArea label="Relevant medications" description="Generic names, one per line, e.g. “morphine 5 mg PO q4h PRN”." rows={3} value={draft.medications} onChange={set('medications')} spans={liveSpans('medications')} serverSpans={serverSpans('medications')} />
        </fieldset>

        <fieldset className="panel">
          <legend>Narrative</legend>
          {NARRATIVE_FIELDS.map((f) => (
            <PhiTextArea
              key={f}
              label={NARRATIVE_LABELS[f].label}
              description={NARRATIVE_LABELS[f].hint || undefined}
              value={draft.narrative[f]}
              onChange={set(`narrative.${f}` as Path<CaseDraft>)}
              spans={liveSpans(`narrative.${f}`)}
              serverSpans={serverSpans(`narrative.${f}`)}
              rows={3}
            />
          ))}
        </fieldset>

        <fieldset className="panel">
          <legend>Before you post</legend>
          <CheckboxField isSelected={draft.anonymous} onChange={set('anonymous')}>
            Post anonymously to peers (faculty and moderators still see who you are)
          </CheckboxField>
          <CheckboxField isSelected={draft.attestation} onChange={set('attestation')}>
            I have removed every identifier of the patient, family, household and employers (HIPAA Safe Harbor).
          </CheckboxField>
          <div className="form-actions">
            <Button type="submit" variant="primary" isDisabled={create.isPending}>
              {create.isPending ? 'Posting…' : 'Post case'}
            </Button>
          </div>
        </fieldset>
      </Form>
    </>
  );
}
