import { Link } from 'react-router';
import {
  PROFESSION_LABELS,
  type SessionAgendaItem,
  type SessionDto,
  type SessionPhase,
  type SessionWithAgenda,
} from '@casebridge/contracts';
import { describeStart } from '../../lib/session-time';
import './session-card.css';

const STATUS: Record<SessionPhase, string> = {
  lobby: 'Not started',
  presentation: 'Case presentation',
  clarifying: 'Clarifying questions',
  recommendations: 'Recommendations',
  summary: 'Summary',
  ended: 'Ended',
};

export const isLive = (s: Pick<SessionDto, 'phase'>) => s.phase !== 'lobby' && s.phase !== 'ended';

/** A meeting link that says where it goes and that it opens a new tab. */
export function MeetingLink({
  session,
  className = 'meeting-link',
}: {
  session: Pick<SessionDto, 'meetingUrl' | 'meetingLabel'>;
  className?: string;
}) {
  if (!session.meetingUrl) return null;
  let host = '';
  try {
    host = new URL(session.meetingUrl).hostname;
  } catch {
    return null;
  }
  return (
    <a className={className} href={session.meetingUrl} target="_blank" rel="noopener noreferrer">
      <span aria-hidden="true">▶ </span>Join the video meeting{session.meetingLabel ? ` (${session.meetingLabel})` : ` on ${host}`}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

/** Who presents an agenda case, in words: a name, or "a learner · Nurse" when the author is anonymous to this viewer. */
export function presenterWords(a: Pick<SessionAgendaItem, 'presenterName' | 'presenterAnonymous' | 'presenterProfession'>): string {
  if (a.presenterName) return a.presenterName;
  const prof = a.presenterProfession ? PROFESSION_LABELS[a.presenterProfession] : undefined;
  return prof ? `a learner · ${prof} (anonymous)` : 'a learner (anonymous)';
}

/** The approved cases of a session. */
export function AgendaList({ agenda }: { agenda: SessionAgendaItem[] }) {
  if (!agenda.length) return null;
  return (
    <ul className="agenda-list" aria-label="Cases on the agenda">
      {agenda.map((a) => (
        <li key={a.submissionId}>
          <Link to={`/cases/${a.caseId}`}>{a.caseTitle}</Link> <span className="row-meta">— presented by {presenterWords(a)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * One session in a list (home page, sessions page): when it starts in the viewer's zone (and the
 * planned zone when different), its state in words, a "Live now — join" cue while it runs, and
 * the video-meeting link.
 */
export function SessionCard({ session: s }: { session: SessionDto & Pick<SessionWithAgenda, 'agenda'> }) {
  const live = isLive(s);
  return (
    <li className={`list-row session-card${live ? ' session-live' : ''}`}>
      <Link to={`/sessions/${s.id}`} className="row-title">
        {s.title}
      </Link>
      {live && (
        <Link to={`/sessions/${s.id}`} className="live-cue" aria-label={`Live now — join ${s.title}`}>
          <span aria-hidden="true">● </span>Live now — join
        </Link>
      )}
      <span className="row-meta">
        <time dateTime={s.startsAt}>{describeStart(s.startsAt, s.timeZone)}</time> · {live ? `Live: ${STATUS[s.phase]}` : STATUS[s.phase]}
      </span>
      {s.phase !== 'ended' && <MeetingLink session={s} />}
      {s.agenda && <AgendaList agenda={s.agenda} />}
    </li>
  );
}
