import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { Dialog, DialogTrigger, Form, Heading, Modal, ToggleButton } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PROFESSION_LABELS, SESSION_PHASES, type PhiSpan, type SessionPhase } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { useMe } from '../../../lib/auth';
import { qk } from '../../../lib/query-keys';
import { useLivePhi } from '../../../lib/phi';
import { formatDateTime } from '../../../lib/time';
import { describeStart } from '../../../lib/session-time';
import { AgendaList, MeetingLink } from '../../../components/sessions/SessionCard';
import { Button, SelectField, TextAreaField } from '../../../components/ui/controls';
import { ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { Markdown } from '../../../components/ui/Markdown';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { AuthorLine, ProfessionBadge, RoleBadge } from '../../../components/ui/ProfessionBadge';
import { attendanceCsv, endSession, getSession, saveBlob, sessionCertificate, startSession, type SessionDetail } from '../api/sessions.api';
import { byProfession, handQueue } from '../hooks/room-state';
import { PHASE_LABELS, useSessionRoom } from '../realtime/useSessionRoom';
import { PresentedCasePanel } from './PresentedCasePanel';
import { EvaluationForm, EvaluationSummary } from './SessionEvaluation';
import { AttendanceAdjustments } from './AttendanceAdjustments';
import './sessions.css';

const ParticipationChart = lazy(() => import('./ParticipationChart'));

function PhaseBanner({ phase }: { phase: SessionPhase }) {
  const steps = SESSION_PHASES.filter((p) => p !== 'ended');
  const at = steps.indexOf(phase as (typeof steps)[number]);
  return (
    <div className={`phase-banner phase-${phase}`}>
      <p className="phase-now">
        <span className="visually-hidden">Current phase: </span>
        {PHASE_LABELS[phase]}
      </p>
      <ol className="phase-steps" aria-label="Session phases">
        {steps.map((p, i) => (
          <li
            key={p}
            aria-current={p === phase ? 'step' : undefined}
            className={i < at || phase === 'ended' ? 'done' : p === phase ? 'current' : ''}
          >
            {PHASE_LABELS[p]}
          </li>
        ))}
      </ol>
    </div>
  );
}

function ChatComposer({ onSend }: { onSend: (body: string) => Promise<void> }) {
  const [body, setBody] = useState('');
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = useLivePhi({ body });
  const submit = () => {
    const text = body.trim();
    if (!text) return;
    setBody('');
    setError(null);
    onSend(text).catch((e: unknown) => {
      const f = phiFindingsOf(e);
      if (f) {
        setBody(text);
        setServer({ text, spans: f.map(({ field: _f, ...s }) => s) });
        setError('Not sent: possible identifiers. Rewrite the highlighted text.');
      } else setError(describeError(e));
    });
  };
  return (
    <Form
      validationBehavior="aria"
      className="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label="Chat"
    >
      <PhiTextArea
        label="Message"
        value={body}
        onChange={setBody}
        rows={2}
        spans={live.spans.body ?? []}
        serverSpans={server?.text === body ? server.spans : []}
        textAreaProps={{
          onKeyDown: (e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          },
        }}
        description="Enter sends; Shift+Enter adds a line."
      />
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" isDisabled={!body.trim()}>
        Send
      </Button>
    </Form>
  );
}

/**
 * Ending closes the room for everyone and posts the record to the case, so it asks first:
 * the dialog says what will happen and focus starts on "Keep going".
 */
function EndSessionButton({ onEnd, isPending }: { onEnd: () => void; isPending: boolean }) {
  return (
    <DialogTrigger>
      <Button variant="danger" isDisabled={isPending}>
        End session…
      </Button>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog" role="alertdialog">
          {({ close }) => (
            <>
              <Heading slot="title">End the session for everyone?</Heading>
              <p>
                The chat closes for all participants, raised hands are cleared, and the record (summary, recommendations and transcript) is
                posted to the presented case. This cannot be undone.
              </p>
              <div className="form-actions">
                <Button autoFocus onPress={close}>
                  Keep going
                </Button>
                <Button
                  variant="danger"
                  onPress={() => {
                    close();
                    onEnd();
                  }}
                >
                  End for everyone
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}

function Room({ detail }: { detail: SessionDetail }) {
  const me = useMe();
  const qc = useQueryClient();
  const session = detail.session;
  const agenda = detail.session.agenda ?? [];
  const room = useSessionRoom(session.id, detail, me.id);
  const snap = room.state.snapshot;
  const facilitator = session.facilitatorId === me.id || me.role === 'admin';
  const [summaryDraft, setSummaryDraft] = useState(snap.summary ?? '');
  const [phase, setPhase] = useState<SessionPhase>(snap.phase);
  useEffect(() => setPhase(snap.phase), [snap.phase]);
  const [err, setErr] = useState<unknown>(null);
  const myHand = snap.hands.some((h) => h.userId === me.id);
  const queue = handQueue(snap);
  const ended = snap.phase === 'ended';
  const name = (id?: string) =>
    snap.participants.find((p) => p.userId === id)?.displayName ??
    (id && id === session.presenterId ? session.presenterName : undefined) ??
    'a participant who left';
  const calledOn = ended ? undefined : snap.calledOn;
  const myFloor = calledOn === me.id;
  // being called on is announced where the person is looking (the pinned dock) and to screen readers
  const wasMine = useRef(myFloor);
  useEffect(() => {
    if (myFloor && !wasMine.current) announce('You have the floor. The facilitator called on you.', 'assertive');
    wasMine.current = myFloor;
  }, [myFloor]);
  // who presents, as this viewer may see it (the api leaves presenterId/presenterName out for peers of an anonymous author)
  const presenter = (() => {
    if (!snap.presenter && !session.presenterId && !session.presenterAnonymous) return null;
    if (session.presenterId === me.id || snap.presenter?.userId === me.id) return 'you';
    if (session.presenterName) return session.presenterName;
    if (session.presenterAnonymous || (snap.presenter && !snap.presenter.userId)) return 'the case author (anonymous)';
    return name(snap.presenter?.userId ?? session.presenterId);
  })();
  // on a phone the dock is fixed to the bottom of the screen: a spacer of its height keeps the page's end readable
  const dockRef = useRef<HTMLDivElement>(null);
  const [dockHeight, setDockHeight] = useState(0);
  useEffect(() => {
    const el = dockRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setDockHeight(el.offsetHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ended]);
  const lifecycle = useMutation({
    mutationFn: (what: 'start' | 'end') => (what === 'start' ? startSession(session.id) : endSession(session.id)),
    onSuccess: (s) => {
      qc.setQueryData<SessionDetail>(qk.session(session.id), (cur) => (cur ? { ...cur, session: s } : cur));
      announce(s.endedAt ? 'Session ended.' : 'Session started.');
    },
  });
  const act = (p: Promise<unknown>, done?: string) => p.then(() => done && announce(done), setErr);

  const downloadCertificate = async () => {
    try {
      saveBlob(await sessionCertificate(session.id), `certificate-${session.id}.pdf`);
      announce('Certificate downloaded.');
    } catch (e) {
      setErr(e);
    }
  };

  const downloadCsv = async () => {
    try {
      const csv = await attendanceCsv(session.id);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `attendance-${session.id}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setErr(e);
    }
  };

  return (
    <>
      <PageTitle>{session.title}</PageTitle>
      <p className="row-meta">
        Scheduled <time dateTime={session.startsAt}>{describeStart(session.startsAt, session.timeZone)}</time>
        {presenter && <> · presenter: {presenter}</>}
      </p>
      {!ended && session.meetingUrl && (
        <p className="room-meeting">
          <MeetingLink session={session} />
        </p>
      )}
      <PhaseBanner phase={snap.phase} />
      {ended && (
        <div className="note session-ended" role="status">
          <p>This session has ended. The chat is closed{session.presenterCaseId ? '; its record is in the case thread' : ''}.</p>
          <Button onPress={() => void downloadCertificate()}>Download my certificate of attendance (PDF)</Button>
        </div>
      )}
      {snap.summary && (
        <section className="panel pinned-summary" aria-labelledby="summary-title">
          <h2 id="summary-title">
            <span aria-hidden="true">⚑ </span>Summary
          </h2>
          <Markdown>{snap.summary}</Markdown>
        </section>
      )}
      {calledOn && !myFloor && (
        <p className="floor" role="note">
          <span aria-hidden="true">★ </span>
          {`${name(calledOn)} has the floor.`}
        </p>
      )}
      <ErrorNote error={err ?? lifecycle.error} />
      <div className="room-layout">
        <div className="room-main">
          <Section title="Chat" id="chat">
            <ol className="chat-log" aria-label="Messages" tabIndex={0}>
              {snap.messages.map((m) => (
                <li key={m.id} className="chat-message" data-profession={m.author.profession}>
                  <AuthorLine author={m.author} />{' '}
                  <time className="post-time" dateTime={m.at}>
                    {formatDateTime(m.at)}
                  </time>
                  <Markdown>{m.body}</Markdown>
                </li>
              ))}
              {room.state.pending.map((p) => (
                <li key={p.clientId} className="chat-message pending">
                  <AuthorLine author={{ displayName: me.displayName, profession: me.profession, role: me.role }} />{' '}
                  <span className="post-time">{p.failed ? 'Not sent' : 'Sending…'}</span>
                  <p>{p.body}</p>
                  {p.failed && (
                    <>
                      <Button className="btn-small" onPress={() => room.retry(p.clientId)}>
                        Retry
                      </Button>
                      <Button className="btn-small" variant="quiet" onPress={() => room.discard(p.clientId)}>
                        Discard
                      </Button>
                    </>
                  )}
                </li>
              ))}
            </ol>
            {!ended && (
              <div className="room-dock" role="group" aria-label="Your turn" ref={dockRef}>
                {myFloor && (
                  <p className="floor floor-mine" role="note">
                    <span aria-hidden="true">★ </span>You have the floor.
                  </p>
                )}
                <ChatComposer onSend={room.sendMessage} />
                <ToggleButton
                  className="btn btn-secondary toggle-hand"
                  isSelected={myHand}
                  onChange={(v) => void act(room.setHand(v), v ? 'Hand raised.' : 'Hand lowered.')}
                >
                  <span aria-hidden="true">☝ </span>
                  {myHand ? 'Lower my hand' : 'Raise my hand'}
                </ToggleButton>
              </div>
            )}
          </Section>
          {ended && (facilitator ? <EvaluationSummary sessionId={session.id} /> : <EvaluationForm sessionId={session.id} />)}
          {ended && facilitator && <AttendanceAdjustments sessionId={session.id} />}
          {session.presenterCaseId && <PresentedCasePanel caseId={session.presenterCaseId} />}
          {/* the cases approved onto the agenda, each summarised like the presented one */}
          {agenda.length > 0 && (
            <section className="panel agenda" aria-labelledby="agenda-title">
              <h2 id="agenda-title">Agenda</h2>
              <AgendaList agenda={agenda} />
            </section>
          )}
          {agenda
            .filter((a) => a.caseId !== session.presenterCaseId)
            .map((a, i) => (
              <PresentedCasePanel key={a.caseId} caseId={a.caseId} heading={`Agenda case ${i + 1}`} headingId={`agenda-case-${a.caseId}`} />
            ))}
        </div>
        <aside className="room-side" aria-label="People and controls">
          <Section title={`Present (${snap.participants.length})`} id="presence">
            {byProfession(snap.participants).map(([prof, people]) => (
              <div key={prof} className="presence-group">
                <h3>
                  <ProfessionBadge profession={prof} /> <span className="count">{people.length}</span>
                </h3>
                <ul>
                  {people.map((p) => (
                    <li key={p.userId}>
                      {p.displayName} <RoleBadge role={p.role} />
                      {calledOn === p.userId && <span className="tag">speaking</span>}
                      {snap.hands.some((h) => h.userId === p.userId) && (
                        <span className="tag">
                          <span aria-hidden="true">☝ </span>hand raised
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </Section>
          <Section title="Raised hands" id="hands">
            {queue.length === 0 ? (
              <p className="empty">No hands raised.</p>
            ) : (
              <ol className="hand-queue" aria-label="Hand queue, first raised first">
                {queue.map((h) => (
                  <li key={h.userId}>
                    {h.participant ? <AuthorLine author={h.participant} /> : name(h.userId)}
                    {facilitator && (
                      <Button
                        className="btn-small"
                        onPress={() => void act(room.callOn(h.userId), `Called on ${h.participant?.displayName ?? ''}.`)}
                      >
                        Call on
                      </Button>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </Section>
          {facilitator && (
            <Section title="Facilitator" id="facilitator" className="facilitator">
              <div className="form-actions">
                {!session.startedAt && (
                  <Button variant="primary" onPress={() => lifecycle.mutate('start')}>
                    Start session
                  </Button>
                )}
                {session.startedAt && !session.endedAt && !ended && (
                  <EndSessionButton isPending={lifecycle.isPending} onEnd={() => lifecycle.mutate('end')} />
                )}
                <Button variant="quiet" onPress={() => void downloadCsv()}>
                  Attendance CSV
                </Button>
              </div>
              <Form
                validationBehavior="aria"
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(room.setPhase(phase));
                }}
              >
                <SelectField
                  label="Phase"
                  options={SESSION_PHASES.map((p) => ({ id: p, label: PHASE_LABELS[p] }))}
                  value={phase}
                  onChange={setPhase}
                />
                <Button type="submit">Set phase</Button>
              </Form>
              <Form
                validationBehavior="aria"
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (summaryDraft.trim()) void act(room.publishSummary(summaryDraft.trim()), 'Summary pinned.');
                }}
              >
                <TextAreaField
                  label="Summary"
                  description="Pinned for everyone and added to the case thread."
                  value={summaryDraft}
                  onChange={setSummaryDraft}
                  rows={4}
                />
                <Button type="submit">Pin summary</Button>
              </Form>
            </Section>
          )}
          <Section title="Participation by profession" id="participation">
            {snap.participation.silentProfessions.length > 0 && (
              <p className="nudge" role="note">
                <span aria-hidden="true">✱ </span>
                Not heard from yet: {snap.participation.silentProfessions.map((p) => PROFESSION_LABELS[p]).join(', ')}.
                {facilitator && ' Consider inviting their view.'}
              </p>
            )}
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <ParticipationChart participation={snap.participation} />
            </Suspense>
          </Section>
        </aside>
      </div>
      {!ended && <div className="room-dock-spacer" style={{ height: dockHeight }} aria-hidden="true" />}
    </>
  );
}

export default function SessionRoomPage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: qk.session(id), queryFn: ({ signal }) => getSession(id, signal), staleTime: Infinity });
  if (q.isPending) return <Loading label="Joining session…" />;
  if (q.error) return <ErrorNote error={q.error} title="This session could not be opened." />;
  return <Room key={id} detail={q.data} />;
}
