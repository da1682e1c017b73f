/**
 * The structured case template (docs/domain.md "A structured case"), with live PHI
 * highlighting in every free-text field and a draft that survives a reload.
 * Lazy-loaded: it pulls in the detector (libs/deid) and the form validator.
 *
 * Each input subscribes to its own value (react-hook-form controllers), so a keystroke
 * re-renders one field and runs the detector on that field's text only, not the whole form.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useController, useForm, useWatch, type Control, type Path } from 'react-hook-form';
import { FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateCaseRequest,
  ESAS_COMPLETED_BY,
  ESAS_ITEMS,
  ILLNESSES,
  NARRATIVE_FIELDS,
  NCP_DOMAINS,
  PROFESSIONS,
  PROFESSION_LABELS,
  QUESTION_TYPES,
  SETTINGS,
  SEXES,
  US_STATES,
  type PhiSpan,
} from '@casebridge/contracts';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { clearDraft, loadDraft, useDraftAutosave } from '../../../lib/drafts';
import { schemaIssues } from '../../../lib/forms';
import { announce } from '../../../lib/announcer';
import {
  loadDetector,
  MentionNamesContext,
  outsideMentions,
  PhiMarksContext,
  unmarked,
  useDetector,
  useLivePhi,
  usePhiMarksState,
} from '../../../lib/phi';
import { useCohorts } from '../../../lib/cohorts';
import { qk } from '../../../lib/query-keys';
import { Button, CheckboxField, CheckboxGroupField, RadioGroupField, SelectField, TextInput } from '../../../components/ui/controls';
import { PageTitle } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { submitOverride } from '../../privacy/api/privacy.api';
import { OverrideReview, type HeldFinding } from '../../privacy/components/OverrideReview';
import { createCase, listMembers } from '../api/cases.api';
import {
  draftPathOf,
  emptyDraft,
  requestTextOf,
  serverSpansByField,
  textFields,
  toRequest,
  type CaseDraft,
  type NarrativeField,
} from '../hooks/composer-model';
import { ESAS_LABELS, fieldLabel, plainMessage, readEsasScore, sortProblems, type FormProblem } from '../hooks/case-form-errors';

const DRAFT_KEY = 'case-composer';
const NONE: PhiSpan[] = [];

const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const opts = (values: readonly string[]) => values.map((v) => ({ id: v, label: label(v) }));

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
const ppsOptions = [
  { id: '', label: 'Not recorded' },
  ...[100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((v) => ({ id: String(v), label: `PPS ${v}% — ${PPS_LEVELS[v]}` })),
];

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

type Ctl = Control<CaseDraft>;
type ServerVerdict = { texts: Record<string, string>; spans: Record<string, PhiSpan[]> } | null;
const ServerVerdictContext = createContext<ServerVerdict>(null);

/** One form value with its error, re-rendering only when that value changes. */
function Field({
  control,
  name,
  children,
}: {
  control: Ctl;
  name: Path<CaseDraft>;
  children: (value: unknown, onChange: (v: unknown) => void, error?: string) => ReactNode;
}) {
  const { field, fieldState } = useController({ control, name });
  return (
    <div className="field-anchor" data-field={name}>
      {children(field.value, field.onChange, fieldState.error?.message)}
    </div>
  );
}

/** A free-text field with live PHI highlighting and the server's last verdict on it. */
function PhiField({
  control,
  name,
  phiKey,
  label,
  description,
  rows = 3,
  isRequired,
}: {
  control: Ctl;
  name: Path<CaseDraft>;
  /** The field's name in the server's findings (e.g. `narrative.social`). */
  phiKey: string;
  label: string;
  description?: string;
  rows?: number;
  isRequired?: boolean;
}) {
  const { field, fieldState } = useController({ control, name });
  const value = (field.value as string) ?? '';
  const live = useLivePhi({ [phiKey]: value });
  const server = useContext(ServerVerdictContext);
  return (
    <div className="field-anchor" data-field={name}>
      <PhiTextArea
        label={label}
        description={description}
        value={value}
        onChange={field.onChange}
        onBlur={field.onBlur}
        spans={live.spans[phiKey] ?? NONE}
        serverSpans={server && server.texts[phiKey] === value ? (server.spans[phiKey] ?? NONE) : NONE}
        error={fieldState.error?.message}
        rows={rows}
        isRequired={isRequired}
      />
    </div>
  );
}

function DraftStatus({ control }: { control: Ctl }) {
  const values = useWatch({ control });
  const savedAt = useDraftAutosave(DRAFT_KEY, values);
  return (
    <span role="status" className="draft-status">
      {savedAt ? `Draft saved ${savedAt.toLocaleTimeString()}.` : ''}
    </span>
  );
}

function PhiSourceNote() {
  // Start loading the detector when the composer opens, so it is ready by the first word.
  const { detector, ready } = useDetector(true);
  return (
    <p className="phi-source-note" role="note">
      {!ready
        ? 'Loading the privacy check…'
        : detector
          ? 'Privacy check runs in your browser as you type: possible identifiers are highlighted.'
          : 'Privacy check runs on the server as you pause typing: possible identifiers are highlighted.'}
    </p>
  );
}

/**
 * An ESAS-r score as typed. A whole number 0–10 is stored; anything else stays as typed with a
 * warning (on leaving the field) and no score, so 12 is never silently turned into 10.
 */
function EsasScoreField({
  label,
  value,
  onChange,
  error,
  isRequired,
  className,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  error?: string;
  isRequired?: boolean;
  className?: string;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  const [warning, setWarning] = useState<string | undefined>();
  const shown = warning ?? error;
  return (
    <TextField
      className={`field ${className ?? ''}`}
      value={text}
      onChange={(t) => {
        setText(t);
        const r = readEsasScore(t);
        onChange(r.score);
        if (!r.warning) setWarning(undefined);
      }}
      onBlur={() => setWarning(readEsasScore(text).warning)}
      isInvalid={!!shown}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <Input inputMode="numeric" />
      {!shown && (
        <Text slot="description" className="visually-hidden">
          0 to 10
        </Text>
      )}
      <FieldError className="field-error">{shown}</FieldError>
    </TextField>
  );
}

function EsasSection({ control }: { control: Ctl }) {
  const enabled = useWatch({ control, name: 'esasEnabled' });
  return (
    <>
      <Field control={control} name="esasEnabled">
        {(v, on) => (
          <CheckboxField isSelected={!!v} onChange={on}>
            Include an ESAS-r assessment
          </CheckboxField>
        )}
      </Field>
      {enabled && (
        <div role="group" aria-labelledby="esas-title" aria-describedby="esas-desc">
          <h2 id="esas-title" className="subhead">
            ESAS-r, now
          </h2>
          <p id="esas-desc" className="field-description">
            0 = none or best, 10 = worst possible.
          </p>
          <div className="esas-grid">
            {ESAS_ITEMS.map((item) => (
              <Field key={item} control={control} name={`esas.${item}` as Path<CaseDraft>}>
                {(v, on, error) => (
                  <EsasScoreField
                    className="esas-item"
                    label={ESAS_LABELS[item]}
                    value={v as number | null}
                    onChange={on}
                    error={error}
                    isRequired
                  />
                )}
              </Field>
            ))}
          </div>
          <div className="grid-2">
            <PhiField control={control} name="esasOtherName" phiKey="esas.other.name" label="Other problem (optional)" rows={1} />
            <Field control={control} name="esasOtherScore">
              {(v, on, error) => <EsasScoreField label="Other problem score" value={v as number | null} onChange={on} error={error} />}
            </Field>
          </div>
          <Field control={control} name="esasCompletedBy">
            {(v, on, error) => (
              <RadioGroupField
                label="Completed by"
                options={ESAS_COMPLETED_BY.map((id) => ({ id, label: COMPLETED_BY_LABELS[id] }))}
                value={v as string}
                onChange={on}
                error={error}
                isRequired
              />
            )}
          </Field>
        </div>
      )}
    </>
  );
}

/** Several missing ESAS-r scores are one item in the summary (each field still shows its own message). */
function collapseEsas(problems: FormProblem[]): FormProblem[] {
  const esas = problems.filter((p) => p.field?.startsWith('esas.'));
  if (esas.length < 2) return problems;
  const names = esas.map((p) => p.label.replace(' (ESAS-r)', '').toLowerCase());
  const merged: FormProblem = {
    field: esas[0].field,
    label: 'ESAS-r',
    message: `Enter a score from 0 to 10 for ${names.length === 9 ? 'all nine symptoms' : names.join(', ')}, or untick “Include an ESAS-r assessment”.`,
  };
  return [...problems.filter((p) => !esas.includes(p)), merged];
}

/** Focuses a composer field by its draft path (its first focusable control). */
function focusField(path: string): void {
  const wrap = document.querySelector(`[data-field="${CSS.escape(path)}"]`);
  const target = [...(wrap?.querySelectorAll<HTMLElement>('input, textarea, button, [tabindex]') ?? [])].find(
    (el) => el.tabIndex >= 0 && !el.closest('[aria-hidden="true"]') && !(el as HTMLInputElement).disabled,
  );
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

/** What stopped the post, each problem a link that moves focus to its field. */
function ErrorSummary({ problems, summaryRef }: { problems: FormProblem[]; summaryRef: React.Ref<HTMLDivElement> }) {
  const n = problems.length;
  return (
    <div className="note note-error error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={summaryRef}>
      <h2 id="error-summary-title" className="subhead">
        The case was not posted.
      </h2>
      <p>
        {n === 1 ? 'One thing needs' : `${n} things need`} your attention
        {problems.some((p) => p.field) ? ' (each link takes you to the field)' : ''}:
      </p>
      <ul>
        {problems.map((p, i) =>
          p.field ? (
            <li key={`${p.field}-${i}`}>
              <a
                href={`#field-${p.field.replace(/\W/g, '-')}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(p.field!);
                }}
              >
                {p.label}: {p.message}
              </a>
            </li>
          ) : (
            <li key={`form-${i}`}>{p.message}</li>
          ),
        )}
      </ul>
    </div>
  );
}

const COMPLETED_BY_LABELS: Record<(typeof ESAS_COMPLETED_BY)[number], string> = {
  patient: 'Patient',
  family: 'Family caregiver',
  professional: 'Health professional',
  assisted: 'Assisted',
};

export default function CaseComposerPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const cohorts = useCohorts();
  const { control, getValues, reset, setError, clearErrors } = useForm<CaseDraft>({ defaultValues: loadDraft(DRAFT_KEY, emptyDraft()) });
  const [server, setServer] = useState<ServerVerdict>(null);
  const [summary, setSummary] = useState<FormProblem[]>([]);
  /** What "Discard draft" removed, until the writer undoes it or starts again. */
  const [discarded, setDiscarded] = useState<CaseDraft | null>(null);
  /** Remounts the inputs when the whole form is replaced (discard, undo), so typed-but-invalid text goes too. */
  const [formKey, setFormKey] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submitted = useRef<CaseDraft | null>(null);
  // the privacy gate's way forward: findings marked "Not an identifier", mentions of colleagues
  const marks = usePhiMarksState();
  const cohortId = useWatch({ control, name: 'cohortId' });
  const members = useQuery({ queryKey: qk.members(cohortId), queryFn: ({ signal }) => listMembers(cohortId, signal), enabled: !!cohortId });
  const mentionNames = useMemo(() => (members.data ?? []).map((m) => m.displayName), [members.data]);
  const [held, setHeld] = useState<{ req: CreateCaseRequest; findings: HeldFinding[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (summary.length) summaryRef.current?.focus();
  }, [summary]);

  const create = useMutation({
    mutationFn: createCase,
    onSuccess: (c) => {
      clearDraft(DRAFT_KEY);
      void qc.invalidateQueries({ queryKey: qk.caseLists });
      void navigate(`/cases/${c.id}`);
    },
    onError: (e, req) => {
      const findings = phiFindingsOf(e);
      const draft = submitted.current ?? getValues();
      const words = (f: { field: string; start: number; end: number }) => requestTextOf(req, f.field).slice(f.start, f.end);
      if (findings?.length && findings.every((f) => marks.isMarked(f.type, words(f)))) {
        // only findings the author marked "Not an identifier": confirm each and send for review
        setServer({ texts: textFields(draft), spans: serverSpansByField(draft, findings) });
        setHeld({
          req,
          findings: findings.map((f) => ({ field: f.field, start: f.start, end: f.end, type: f.type, words: words(f), where: f.field })),
        });
        setSummary([
          {
            field: null,
            label: '',
            message: 'Every finding is marked “Not an identifier”. Confirm each one below to send the case to a moderator.',
          },
        ]);
      } else if (findings) {
        // Remembered with the texts it judged: each field shows it until its text changes.
        setServer({ texts: textFields(draft), spans: serverSpansByField(draft, findings) });
        const fields = [...new Set(findings.map((f) => fieldLabel(draftPathOf(f.field))))];
        setSummary([
          {
            field: null,
            label: '',
            message: `The privacy check found ${findings.length} possible identifier${findings.length === 1 ? '' : 's'} in: ${fields.join(', ')}. Nothing was saved. Rewrite the highlighted text.`,
          },
        ]);
      } else setSummary([{ field: null, label: '', message: describeError(e) }]);
    },
  });

  const submit = async () => {
    const draft = getValues();
    clearErrors();
    const req = toRequest(draft);
    const issues = schemaIssues(CreateCaseRequest, req);
    const problems: FormProblem[] = [];
    if (!draft.attestation) {
      const message = 'Confirm that the case is de-identified.';
      setError('attestation', { type: 'required', message });
      problems.push({ field: 'attestation', label: fieldLabel('attestation'), message });
    }
    const detector = await loadDetector();
    if (detector) {
      const open = (t: string) => unmarked(t, outsideMentions(t, detector(t), mentionNames), marks).length;
      const count = Object.values(textFields(draft)).reduce((n, t) => n + (t ? open(t) : 0), 0);
      if (count > 0)
        problems.push({
          field: null,
          label: '',
          message: `${count} possible identifier${count === 1 ? ' is' : 's are'} still highlighted.`,
        });
    }
    const seen = new Set<string>();
    for (const i of issues) {
      // list items (domains.0, professions.3) are one input; an empty patient is its three fields
      const first = draftPathOf(i.path).replace(/^(domains|professions)\.\d+$/, '$1');
      const paths = first === 'patient' ? (['age', 'sex', 'state'] as const).filter((k) => !draft[k].trim()) : [first];
      for (const path of paths) {
        if (seen.has(path)) continue;
        seen.add(path);
        const message = plainMessage(path, i.message);
        setError(path as Path<CaseDraft>, { type: 'schema', message });
        problems.push({ field: path, label: fieldLabel(path), message });
      }
    }
    if (problems.length) return setSummary(sortProblems(collapseEsas(problems)));
    setSummary([]);
    setHeld(null);
    setNotice(null);
    submitted.current = draft;
    create.mutate(req);
  };

  const sendForReview = async (confirmations: Parameters<typeof submitOverride>[2]) => {
    if (!held) return;
    await submitOverride('case', held.req, confirmations);
    clearDraft(DRAFT_KEY);
    reset(emptyDraft());
    marks.clear();
    setHeld(null);
    setServer(null);
    setSummary([]);
    const msg = 'Sent for privacy review. A moderator will publish your case or tell you why not.';
    setNotice(msg);
    announce(msg);
  };

  return (
    <MentionNamesContext.Provider value={mentionNames}>
      <PhiMarksContext.Provider value={marks}>
        <ServerVerdictContext.Provider value={server}>
          <PageTitle
            actions={
              <Button
                variant="quiet"
                onPress={() => {
                  setDiscarded(getValues());
                  clearDraft(DRAFT_KEY);
                  reset(emptyDraft());
                  setFormKey((k) => k + 1);
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
            De-identify before you write: no names of anyone in the story, no dates (use “day 3”), no place smaller than a state, ages over
            89 as “90+”. <DraftStatus control={control} />
          </p>
          <PhiSourceNote />
          <div role="status" className="undo-slot">
            {discarded && (
              <p className="note undo-note">
                Draft discarded.{' '}
                <Button
                  variant="secondary"
                  className="btn-small"
                  onPress={() => {
                    reset(discarded);
                    setFormKey((k) => k + 1);
                    setDiscarded(null);
                    requestAnimationFrame(() => document.getElementById('page-title')?.focus());
                  }}
                >
                  Undo
                </Button>{' '}
                <Button variant="quiet" className="btn-small" onPress={() => setDiscarded(null)}>
                  Dismiss
                </Button>
              </p>
            )}
          </div>
          {summary.length > 0 && <ErrorSummary problems={summary} summaryRef={summaryRef} />}
          <p className="muted required-legend">
            Fields marked{' '}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
            <span className="visually-hidden">with a star</span> are required.
          </p>
          {notice && <p className="note">{notice}</p>}
          {held && <OverrideReview findings={held.findings} onSend={sendForReview} onCancel={() => setHeld(null)} />}
          <Form
            validationBehavior="aria"
            key={formKey}
            className="composer"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <fieldset className="panel">
              <legend>Case</legend>
              <Field control={control} name="cohortId">
                {(v, on, error) => (
                  <SelectField
                    label="Cohort"
                    options={(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))}
                    value={(v as string) || null}
                    onChange={on}
                    error={error}
                    isRequired
                    placeholder={cohorts.isPending ? 'Loading…' : 'Choose…'}
                  />
                )}
              </Field>
              <PhiField
                control={control}
                name="title"
                phiKey="title"
                label="Title"
                rows={1}
                isRequired
                description="A clinical summary, e.g. “Refractory dyspnea in advanced COPD at home”."
              />
              <div className="grid-3">
                <Field control={control} name="setting">
                  {(v, on, error) => (
                    <SelectField
                      label="Setting"
                      options={opts(SETTINGS)}
                      value={(v as string) || null}
                      onChange={on}
                      error={error}
                      isRequired
                      placeholder="Choose…"
                    />
                  )}
                </Field>
                <Field control={control} name="illness">
                  {(v, on, error) => (
                    <SelectField
                      label="Serious illness"
                      options={opts(ILLNESSES)}
                      value={(v as string) || null}
                      onChange={on}
                      error={error}
                      isRequired
                      placeholder="Choose…"
                    />
                  )}
                </Field>
                <Field control={control} name="age">
                  {(v, on, error) => (
                    <TextInput
                      label="Age"
                      description="0–89, or 90+ (Safe Harbor)."
                      value={v as string}
                      onChange={on}
                      error={error}
                      isRequired
                    />
                  )}
                </Field>
                <Field control={control} name="sex">
                  {(v, on, error) => (
                    <SelectField
                      label="Sex / gender"
                      options={opts(SEXES)}
                      value={(v as string) || null}
                      onChange={on}
                      error={error}
                      isRequired
                      placeholder="Choose…"
                    />
                  )}
                </Field>
                <Field control={control} name="state">
                  {(v, on, error) => (
                    <SelectField
                      label="State"
                      description="Nothing smaller than a state."
                      options={US_STATES.map((s) => ({ id: s, label: s }))}
                      value={(v as string) || null}
                      onChange={on}
                      error={error}
                      isRequired
                      placeholder="Choose…"
                    />
                  )}
                </Field>
              </div>
            </fieldset>

            <fieldset className="panel">
              <legend>Your question</legend>
              <PhiField control={control} name="questionText" phiKey="question.text" label="Question" rows={3} isRequired />
              <div className="grid-2">
                <Field control={control} name="questionType">
                  {(v, on, error) => (
                    <SelectField
                      label="Question type"
                      options={opts(QUESTION_TYPES)}
                      value={(v as string) || null}
                      onChange={on}
                      error={error}
                      isRequired
                      placeholder="Choose…"
                    />
                  )}
                </Field>
                <Field control={control} name="urgency">
                  {(v, on, error) => (
                    <RadioGroupField
                      label="Urgency"
                      options={opts(['routine', 'urgent'])}
                      value={v as string}
                      onChange={on}
                      error={error}
                    />
                  )}
                </Field>
              </div>
              <Field control={control} name="domains">
                {(v, on, error) => (
                  <CheckboxGroupField
                    label="NCP domains"
                    description="National Consensus Project guidelines, 4th ed. Choose at least one."
                    options={Object.entries(NCP_DOMAINS).map(([id, name]) => ({ id, label: `${id}. ${name}` }))}
                    value={v as string[]}
                    onChange={on}
                    error={error}
                    isRequired
                  />
                )}
              </Field>
              <Field control={control} name="professions">
                {(v, on) => (
                  <CheckboxGroupField
                    label="Preferred responder professions (optional)"
                    options={PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }))}
                    value={v as string[]}
                    onChange={on}
                  />
                )}
              </Field>
            </fieldset>

            <fieldset className="panel">
              <legend>Symptoms and function</legend>
              <EsasSection control={control} />
              <Field control={control} name="pps">
                {(v, on) => (
                  <SelectField
                    label="Palliative Performance Scale (PPSv2)"
                    description="Pick the level that fits best, reading across the columns; do not average."
                    options={ppsOptions}
                    value={v as string}
                    onChange={on}
                  />
                )}
              </Field>
              <PhiField
                control={control}
                name="medications"
                phiKey="medications"
                label="Relevant medications"
                description="Generic names, one per line, e.g. “morphine 5 mg PO q4h PRN”."
                rows={3}
              />
            </fieldset>

            <fieldset className="panel">
              <legend>Narrative</legend>
              {NARRATIVE_FIELDS.map((f) => (
                <PhiField
                  key={f}
                  control={control}
                  name={`narrative.${f}` as Path<CaseDraft>}
                  phiKey={`narrative.${f}`}
                  label={NARRATIVE_LABELS[f].label}
                  description={NARRATIVE_LABELS[f].hint || undefined}
                />
              ))}
            </fieldset>

            <fieldset className="panel">
              <legend>Before you post</legend>
              <Field control={control} name="anonymous">
                {(v, on) => (
                  <CheckboxField isSelected={!!v} onChange={on}>
                    Post anonymously to peers (faculty and moderators still see who you are)
                  </CheckboxField>
                )}
              </Field>
              <Field control={control} name="attestation">
                {(v, on, error) => (
                  <>
                    <CheckboxField isSelected={!!v} onChange={on}>
                      I have removed every identifier of the patient, family, household and employers (HIPAA Safe Harbor).{' '}
                      <span className="required-mark" aria-hidden="true">
                        *
                      </span>
                    </CheckboxField>
                    {error && <p className="field-error">{error}</p>}
                  </>
                )}
              </Field>
              <div className="form-actions">
                <Button type="submit" variant="primary" isDisabled={create.isPending}>
                  {create.isPending ? 'Posting…' : 'Post case'}
                </Button>
              </div>
            </fieldset>
          </Form>
        </ServerVerdictContext.Provider>
      </PhiMarksContext.Provider>
    </MentionNamesContext.Provider>
  );
}
