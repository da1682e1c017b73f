import { Link } from 'react-router';
import type { SessionDto, SessionPhase } from '@casebridge/contracts';
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

/**
 * One session in a list (home page, sessions page): when it starts in the viewer's zone (and the
 * planned zone when different), its state in words, a "Live now — join" cue while it runs, and
 * the video-meeting link (issue 18 item 11).
 */
export function SessionCard({ session: s }: { session: SessionDto }) {
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
    </li>
  );
}
