/**
 * A text area that shows possible identifiers (HIPAA Safe Harbor) where they are, while
 * the user types: a highlight layer behind the transparent text, plus a list of findings
 * with their type and suggested rewrite. The list is what assistive technology reads
 * (aria-describedby); the highlight is a visual aid, marked with an underline as well as
 * a colour.
 */
import { memo, useContext, useId, useRef, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { Label, Text, TextArea, TextField } from 'react-aria-components';
import type { PhiSpan, PhiType } from '@casebridge/contracts';
import { applyAllSuggestions, MentionNamesContext, outsideMentions, PhiMarksContext, type PhiMarks } from '../../lib/phi';
import { Button } from './controls';

export const PHI_TYPE_LABELS: Record<PhiType, string> = {
  NAME: 'Name',
  LOCATION: 'Place smaller than a state',
  DATE: 'Date',
  AGE: 'Age over 89',
  PHONE: 'Phone number',
  FAX: 'Fax number',
  EMAIL: 'Email address',
  SSN: 'Social security number',
  MRN: 'Medical record number',
  HEALTH_PLAN: 'Health plan number',
  ACCOUNT: 'Account number',
  LICENSE: 'Licence or certificate number',
  VEHICLE: 'Vehicle identifier',
  DEVICE: 'Device identifier',
  URL: 'Web address',
  IP: 'IP address',
  OTHER_ID: 'Other identifier',
};

export interface ShownSpan extends PhiSpan {
  /** `server`: the gate refused this text; `local`: the in-browser check while typing. */
  source: 'local' | 'server';
}

/** Local and server findings together, in order, clamped to the text, exact repeats dropped. */
export function combineSpans(text: string, local: PhiSpan[] = [], server: PhiSpan[] = []): ShownSpan[] {
  const out: ShownSpan[] = [];
  const seen = new Set<string>();
  const add = (s: PhiSpan, source: ShownSpan['source']) => {
    const start = Math.max(0, Math.min(s.start, text.length));
    const end = Math.max(start, Math.min(s.end, text.length));
    if (end <= start) return;
    const key = `${start}:${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...s, start, end, source });
  };
  server.forEach((s) => add(s, 'server'));
  local.forEach((s) => add(s, 'local'));
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Text cut into plain and flagged pieces for the highlight layer (overlaps merged). */
export function segments(text: string, spans: ShownSpan[]): { text: string; span?: ShownSpan }[] {
  const out: { text: string; span?: ShownSpan }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.end <= at) continue;
    const start = Math.max(s.start, at);
    if (start > at) out.push({ text: text.slice(at, start) });
    out.push({ text: text.slice(start, s.end), span: s });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

export function applySuggestion(text: string, span: PhiSpan, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}

/**
 * The findings, each with what the author can do about it: "Use suggestion" (a safe rewrite),
 * "Not an identifier" (when the composer supports the moderated override path: `marks`), and
 * "Apply all suggestions" for the whole field. A marked finding stays listed, as marked, with Undo.
 */
export function PhiFindingList({
  id,
  text,
  spans,
  onApply,
  onApplyAll,
  marks,
}: {
  id: string;
  text: string;
  spans: ShownSpan[];
  onApply?: (span: ShownSpan) => void;
  onApplyAll?: () => void;
  marks?: PhiMarks | null;
}) {
  if (spans.length === 0) return <div id={id} hidden />;
  const isMarked = (s: ShownSpan) => !!marks?.isMarked(s.type, text.slice(s.start, s.end));
  const open = spans.filter((s) => !isMarked(s));
  const suggestible = open.filter((s) => s.suggestion !== undefined);
  return (
    <div id={id} className="phi-findings">
      <p className="phi-findings-title">
        {open.length > 0 ? (
          <>
            <span aria-hidden="true">⚠ </span>
            {open.length === 1 ? '1 possible identifier' : `${open.length} possible identifiers`}: rewrite before posting
            {marks ? `, or mark ${open.length === 1 ? 'it' : 'any that are not'} “Not an identifier” for a moderator to review.` : '.'}
          </>
        ) : (
          <>All findings marked “Not an identifier”: posting sends the text to a moderator first.</>
        )}
        {onApplyAll && suggestible.length > 0 && (
          <>
            {' '}
            <Button variant="quiet" className="btn-small" onPress={onApplyAll}>
              Apply all suggestions ({suggestible.length})
            </Button>
          </>
        )}
      </p>
      <ul>
        {spans.map((s) => {
          const marked = isMarked(s);
          const words = text.slice(s.start, s.end);
          return (
            <li
              key={`${s.start}-${s.end}`}
              className={`phi-finding${marked ? ' phi-finding-marked' : ''}`}
              data-type={s.type}
              data-source={s.source}
            >
              <span className="phi-type">{PHI_TYPE_LABELS[s.type] ?? s.type}</span> <q className="phi-text">{words}</q>
              {s.source === 'server' && <span className="phi-source"> (refused by the server check)</span>}
              {marked ? (
                <>
                  {' '}
                  — marked not an identifier; a moderator will review it
                  <Button
                    variant="quiet"
                    className="btn-small"
                    onPress={() => marks?.toggle(s.type, words)}
                    aria-label={`Undo: “${words}” may be an identifier`}
                  >
                    Undo
                  </Button>
                </>
              ) : (
                <>
                  {s.suggestion ? (
                    <>
                      {' '}
                      — suggested: <q className="phi-suggestion">{s.suggestion}</q>
                      {onApply && (
                        <Button
                          variant="quiet"
                          className="btn-small"
                          onPress={() => onApply(s)}
                          aria-label={`Use suggestion “${s.suggestion}” for “${words}”`}
                        >
                          Use suggestion
                        </Button>
                      )}
                    </>
                  ) : (
                    <span className="phi-hint"> — remove it or use a general term</span>
                  )}
                  {marks && (
                    <Button
                      variant="quiet"
                      className="btn-small"
                      onPress={() => marks.toggle(s.type, words)}
                      aria-label={`“${words}” is not an identifier`}
                    >
                      Not an identifier
                    </Button>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function PhiTextAreaInner({
  label,
  value,
  onChange,
  spans = [],
  serverSpans = [],
  description,
  rows = 4,
  isRequired,
  error,
  name,
  onBlur,
  textAreaRef,
  textAreaProps,
  children,
}: {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  spans?: PhiSpan[];
  serverSpans?: PhiSpan[];
  description?: ReactNode;
  rows?: number;
  isRequired?: boolean;
  error?: string;
  name?: string;
  onBlur?: () => void;
  textAreaRef?: Ref<HTMLTextAreaElement>;
  /** Extra attributes for the text area (e.g. the mention autocomplete's keys and ARIA). */
  textAreaProps?: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'rows' | 'className'>;
  /** Rendered under the editor, inside the field (e.g. a suggestion list). */
  children?: ReactNode;
}) {
  const findingsId = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  // present when the form offers the moderated override path ("Not an identifier")
  const marks = useContext(PhiMarksContext);
  const mentionNames = useContext(MentionNamesContext);
  const shown = combineSpans(value, outsideMentions(value, spans, mentionNames), serverSpans);
  const flagged = shown.some((s) => !marks?.isMarked(s.type, value.slice(s.start, s.end)));
  return (
    <TextField
      className={`field phi-field${flagged ? ' phi-flagged' : ''}`}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      isRequired={isRequired}
      isInvalid={flagged || !!error}
      name={name}
      validationBehavior="aria"
      aria-describedby={findingsId}
    >
      <Label>{label}</Label>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <div className="phi-editor">
        <div className="phi-backdrop" ref={backdrop} aria-hidden="true">
          {segments(value, shown).map((seg, i) =>
            seg.span ? (
              <mark
                key={i}
                className={`phi-mark${marks?.isMarked(seg.span.type, value.slice(seg.span.start, seg.span.end)) ? ' phi-mark-dismissed' : ''}`}
                data-type={seg.span.type}
              >
                {seg.text}
              </mark>
            ) : (
              <span key={i}>{seg.text}</span>
            ),
          )}
          {/* keeps a trailing newline's height in step with the textarea */}
          {'\u200b'}
        </div>
        <TextArea
          {...textAreaProps}
          ref={textAreaRef}
          rows={rows}
          className="phi-input"
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {children}
      {error && <p className="field-error">{error}</p>}
      <PhiFindingList
        id={findingsId}
        text={value}
        spans={shown}
        marks={marks}
        onApply={(s) => onChange(applySuggestion(value, s, s.suggestion ?? ''))}
        onApplyAll={() =>
          onChange(
            applyAllSuggestions(
              value,
              shown.filter((s) => !marks?.isMarked(s.type, value.slice(s.start, s.end))),
            ),
          )
        }
      />
    </TextField>
  );
}

/** Memoised: a long form re-renders on every keystroke, but only the edited field needs to. */
export const PhiTextArea = memo(PhiTextAreaInner);
