import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NCP_DOMAINS, type EscalationDto, type UserDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { isFaculty, useMe } from '../../../lib/auth';
import { qk } from '../../../lib/query-keys';
import { formatCountdown, formatRelative, useNow } from '../../../lib/time';
import { Button, SwitchField } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import { claim, fetchQueue, resolve, setOnDuty } from '../api/escalations.api';
import { splitQueue, upsertEscalation } from '../hooks/queue';
import { notesOf, pendingQuestion, routingInWords, STATUS_WORDS } from '../lib/words';
import { AskForm, DeclineForm, ProvideInfoForm, TransferForm, type WorkflowMode } from './WorkflowForms';

const AnswerForm = lazy(() => import('./AnswerForm').then((m) => ({ default: m.AnswerForm })));

function Countdown({ dueAt, now, label }: { dueAt: string; now: number; label: string }) {
  const c = formatCountdown(dueAt, now);
  // Not a live region: a ticking clock would be read out every second.
  return (
    <span className={`countdown ${c.overdue ? 'overdue' : ''}`}>
      {c.overdue && <span aria-hidden="true">⚠ </span>}
      {label}: <time dateTime={dueAt}>{c.text}</time>
    </span>
  );
}

function EscalationCard({ e, me, now }: { e: EscalationDto; me: UserDto; now: number }) {
  const qc = useQueryClient();
  const [answering, setAnswering] = useState(false);
  const [mode, setMode] = useState<WorkflowMode | null>(null);
  const put = (u: EscalationDto) => qc.setQueryData<EscalationDto[]>(qk.escalations('mine'), (cur) => upsertEscalation(cur, u));
  const doClaim = useMutation({
    mutationFn: () => claim(e.id),
    onSuccess: (u) => {
      put(u);
      announce('Claimed. It is yours to answer.');
    },
  });
  const doResolve = useMutation({
    mutationFn: () => resolve(e.id),
    onSuccess: (u) => {
      put(u);
      announce('Escalation closed.');
    },
  });
  const open = e.status !== 'answered' && e.status !== 'resolved';
  const mine = e.assigneeId === me.id && e.status !== 'offered';
  const holding = mine && (e.status === 'assigned' || e.status === 'claimed');
  const question = pendingQuestion(e);
  const notes = notesOf(e);
  const busy = answering || mode !== null;
  return (
    <li className="card escalation" data-status={e.status}>
      <h3 className="card-title">
        <Link to={`/cases/${e.caseId}`}>{e.caseTitle ?? 'Case'}</Link>{' '}
        <span className={`tag urgency-${e.urgency}`}>{e.urgency === 'urgent' ? 'Urgent' : 'Routine'}</span>{' '}
        <span className={`status status-${e.status}`}>{STATUS_WORDS[e.status]}</span>
      </h3>
      <p className="question-text">{e.question}</p>
      <p className="tags">
        {e.domains.map((d) => (
          <span key={d} className="tag">
            NCP {d}. {NCP_DOMAINS[d]}
          </span>
        ))}
        {e.targetProfessions.map((p) => (
          <ProfessionBadge key={p} profession={p} />
        ))}
      </p>
      <p className="routing-words">{routingInWords(e, now)}</p>
      <p className="row-meta">
        {open && e.status !== 'needs_info' && <Countdown dueAt={e.dueAt} now={now} label="Response target" />}
        {open && e.claimDueAt && e.status === 'assigned' && (
          <>
            {' '}
            · <Countdown dueAt={e.claimDueAt} now={now} label="Accept within" />
          </>
        )}
        {!open && e.answeredAt && <>Answered {formatRelative(e.answeredAt, now)}</>}
      </p>
      {notes.length > 0 && (
        <ul className="plain escalation-notes">
          {notes.map((n) => (
            <li key={n.at + n.label}>
              <strong>{n.label}:</strong> {n.text}
            </li>
          ))}
        </ul>
      )}
      {question && e.askerId === me.id && (
        <div className="panel needs-info">
          <p>
            <strong>{e.assigneeName ?? 'Faculty'} asks:</strong> {question}
          </p>
          <ProvideInfoForm e={e} />
        </div>
      )}
      <div className="card-actions">
        {isFaculty(me) && open && !mine && (
          <Button variant="primary" onPress={() => doClaim.mutate()} isDisabled={doClaim.isPending}>
            Claim
          </Button>
        )}
        {isFaculty(me) && holding && !busy && (
          <>
            <Button variant="primary" onPress={() => setAnswering(true)}>
              Answer
            </Button>
            <Button onPress={() => setMode('ask')}>Ask the asker</Button>
            <Button onPress={() => setMode('transfer')}>Transfer</Button>
            <Button variant="quiet" onPress={() => setMode('decline')}>
              Decline
            </Button>
          </>
        )}
        {isFaculty(me) && mine && e.status === 'needs_info' && (
          <span className="muted">Waiting for the asker’s answer; the clock is paused.</span>
        )}
        {e.askerId === me.id && e.status === 'answered' && (
          <Button onPress={() => doResolve.mutate()} isDisabled={doResolve.isPending}>
            Mark resolved
          </Button>
        )}
      </div>
      <ErrorNote error={doClaim.error ?? doResolve.error} />
      {mode === 'decline' && <DeclineForm e={e} onDone={() => setMode(null)} />}
      {mode === 'ask' && <AskForm e={e} onDone={() => setMode(null)} />}
      {mode === 'transfer' && <TransferForm e={e} onDone={() => setMode(null)} />}
      {answering && (
        <Suspense fallback={<Loading />}>
          <AnswerForm e={e} onDone={() => setAnswering(false)} />
        </Suspense>
      )}
    </li>
  );
}

function List({ items, me, now, empty }: { items: EscalationDto[]; me: UserDto; now: number; empty: string }) {
  return items.length === 0 ? (
    <Empty>{empty}</Empty>
  ) : (
    <ul className="list cards">
      {items.map((e) => (
        <EscalationCard key={e.id} e={e} me={me} now={now} />
      ))}
    </ul>
  );
}

export default function EscalationsPage() {
  const me = useMe();
  const qc = useQueryClient();
  const now = useNow(1000);
  const q = useQuery({ queryKey: qk.escalations('mine'), queryFn: ({ signal }) => fetchQueue(signal) });
  const duty = useMutation({ mutationFn: setOnDuty, onSuccess: (u) => qc.setQueryData(qk.me, u) });
  const faculty = isFaculty(me);
  const sections = splitQueue(q.data ?? [], me.id);
  return (
    <>
      <PageTitle>{faculty ? 'Faculty queue' : 'My escalations'}</PageTitle>
      {faculty && (
        <div className="panel duty">
          <SwitchField isSelected={me.onDuty} onChange={(v) => duty.mutate(v)} isDisabled={duty.isPending}>
            On duty: new escalations may be routed to me
          </SwitchField>
          <ErrorNote error={duty.error} />
        </div>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : faculty ? (
        <>
          <Section title={`Assigned to me (${sections.mine.length})`} id="esc-mine">
            <List items={sections.mine} me={me} now={now} empty="Nothing assigned to you." />
          </Section>
          <Section title={`Claimable (${sections.claimable.length})`} id="esc-claimable">
            <List items={sections.claimable} me={me} now={now} empty="Nothing waiting to be claimed." />
          </Section>
          <Section title="Answered" id="esc-done">
            <List items={sections.done} me={me} now={now} empty="No answered escalations yet." />
          </Section>
        </>
      ) : (
        <Section title={`Questions I escalated (${q.data.length})`} id="esc-asked">
          <List
            items={q.data}
            me={me}
            now={now}
            empty="You have not escalated a question yet. Open a case and choose “Escalate to faculty”."
          />
        </Section>
      )}
    </>
  );
}
