import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionSubmissionDto, SubmissionStatus } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { useMe } from '../../../lib/auth';
import { describeStart } from '../../../lib/session-time';
import { presenterWords } from '../../../components/sessions/SessionCard';
import { Button, SelectField, TextAreaField } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, Section } from '../../../components/ui/feedback';
import { listCohortCases, listSessions, listSubmissions, reviewSubmission, submitCase } from '../api/sessions.api';

const SUBMISSIONS_KEY = ['sessions', 'submissions'] as const;

const STATUS_WORDS: Record<SubmissionStatus, string> = {
  in_review: 'In review',
  scheduled: 'Scheduled: on the agenda',
  returned: 'Returned for changes',
};

function StatusTag({ status }: { status: SubmissionStatus }) {
  return <span className={`tag submission-status submission-${status}`}>{STATUS_WORDS[status]}</span>;
}

function useSubmissions() {
  return useQuery({ queryKey: SUBMISSIONS_KEY, queryFn: ({ signal }) => listSubmissions(signal), refetchInterval: 20_000 });
}

/** A learner puts one of their cases forward for an upcoming session. */
function SubmitForm() {
  const me = useMe();
  const qc = useQueryClient();
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const sessions = useQuery({ queryKey: ['sessions', 'list', { upcoming: true }], queryFn: ({ signal }) => listSessions(true, signal) });
  const open = (sessions.data ?? []).filter((s) => s.phase === 'lobby');
  const chosen = open.find((s) => s.id === sessionId);
  const cases = useQuery({
    queryKey: ['cases', 'list', { cohortId: chosen?.cohortId, limit: 100 }],
    queryFn: ({ signal }) => listCohortCases(chosen?.cohortId ?? '', signal),
    enabled: !!chosen,
  });
  // the caller's own open cases (an author always sees themself, anonymous or not)
  const mine = (cases.data?.items ?? []).filter((c) => c.author.id === me.id && c.status !== 'closed');
  const m = useMutation({
    mutationFn: () => submitCase(sessionId ?? '', caseId ?? ''),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: SUBMISSIONS_KEY });
      announce(`Submitted “${s.caseTitle}” for review.`);
      setCaseId(null);
    },
  });
  return (
    <Form
      validationBehavior="aria"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (sessionId && caseId) m.mutate();
      }}
    >
      <SelectField
        label="Session"
        options={open.map((s) => ({ id: s.id, label: `${s.title} — ${describeStart(s.startsAt, s.timeZone)}` }))}
        value={sessionId}
        onChange={(v) => {
          setSessionId(v);
          setCaseId(null);
        }}
        placeholder={open.length ? 'Choose…' : 'No upcoming sessions'}
        isDisabled={!open.length}
      />
      <SelectField
        label="Your case"
        description={
          !sessionId ? 'Choose the session first.' : cases.isSuccess && !mine.length ? 'You have no open case in this cohort.' : undefined
        }
        options={mine.map((c) => ({ id: c.id, label: c.anonymous ? `${c.title} (anonymous to peers)` : c.title }))}
        value={caseId}
        onChange={setCaseId}
        placeholder="Choose…"
        isDisabled={!sessionId || !mine.length}
      />
      <ErrorNote error={m.error} />
      <Button type="submit" variant="primary" isDisabled={!sessionId || !caseId || m.isPending}>
        Submit for review
      </Button>
    </Form>
  );
}

function MySubmission({ s }: { s: SessionSubmissionDto }) {
  const qc = useQueryClient();
  const again = useMutation({
    mutationFn: () => submitCase(s.sessionId, s.caseId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: SUBMISSIONS_KEY });
      announce(`Resubmitted “${s.caseTitle}”.`);
    },
  });
  return (
    <li className="list-row submission-row">
      <span className="row-title">{s.caseTitle}</span>
      <span className="row-meta">
        for {s.sessionTitle} · <time dateTime={s.sessionStartsAt}>{describeStart(s.sessionStartsAt, undefined)}</time>
      </span>
      <StatusTag status={s.status} />
      {s.status === 'returned' && (
        <>
          {s.note && (
            <p className="submission-note">
              <strong>Facilitator’s note:</strong> {s.note}
            </p>
          )}
          <p className="field-description">Revise the case, then submit it again.</p>
          <ErrorNote error={again.error} />
          <Button className="btn-small" onPress={() => again.mutate()} isDisabled={again.isPending}>
            Resubmit “{s.caseTitle}”
          </Button>
        </>
      )}
    </li>
  );
}

/** The facilitator's decision on one submission: approve onto the agenda, or return with a note (checked for identifiers by the server). */
function ReviewItem({ s }: { s: SessionSubmissionDto }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const m = useMutation({
    mutationFn: (decision: 'approve' | 'return') =>
      reviewSubmission(s.id, { decision, ...(decision === 'return' ? { note: note.trim() } : {}) }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: SUBMISSIONS_KEY });
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      announce(r.status === 'scheduled' ? `“${r.caseTitle}” is on the agenda.` : `“${r.caseTitle}” was returned to its author.`);
      setNote('');
    },
  });
  return (
    <li className="list-row submission-row">
      <Link className="row-title" to={`/cases/${s.caseId}`}>
        {s.caseTitle}
      </Link>
      <span className="row-meta">
        for {s.sessionTitle} · submitted by {presenterWords(s)}
      </span>
      <StatusTag status={s.status} />
      {s.status === 'in_review' && (
        <Form
          validationBehavior="aria"
          className="stack"
          aria-label={`Review “${s.caseTitle}”`}
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) setMissing(true);
            else m.mutate('return');
          }}
        >
          <TextAreaField
            label="Note to the author (to return it)"
            description="What to change before the session. No patient details."
            value={note}
            onChange={(v) => {
              setNote(v);
              setMissing(false);
            }}
            error={missing ? 'Write what the author should change.' : undefined}
            rows={2}
          />
          <ErrorNote error={m.error} />
          <div className="form-actions">
            <Button variant="primary" onPress={() => m.mutate('approve')} isDisabled={m.isPending}>
              Approve for the agenda
            </Button>
            <Button type="submit" isDisabled={m.isPending}>
              Return with note
            </Button>
          </div>
        </Form>
      )}
      {s.status === 'returned' && s.note && <p className="submission-note">Your note: {s.note}</p>}
    </li>
  );
}

/** "Submit a case" and "My submissions" for everyone; "Submissions to review" for those who may review. */
export function CaseSubmissions() {
  const q = useSubmissions();
  return (
    <>
      <Section title="Submit a case for a session" id="submit-case">
        <SubmitForm />
        <h3>My submissions</h3>
        {q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorNote error={q.error} />
        ) : q.data.mine.length === 0 ? (
          <Empty>You have not submitted a case yet.</Empty>
        ) : (
          <ul className="list" aria-label="My submissions">
            {q.data.mine.map((s) => (
              <MySubmission key={s.id} s={s} />
            ))}
          </ul>
        )}
      </Section>
      {q.data && q.data.toReview.length > 0 && (
        <Section title="Submissions to review" id="review-submissions">
          <ul className="list" aria-label="Submissions to review">
            {q.data.toReview.map((s) => (
              <ReviewItem key={s.id} s={s} />
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
