import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { NCP_DOMAINS, PROFESSION_LABELS, type CaseDto } from '@casebridge/contracts';
import { useMe } from '../../../lib/auth';
import { useCohorts } from '../../../lib/cohorts';
import { qk } from '../../../lib/query-keys';
import { formatCountdown, formatRelative, useNow } from '../../../lib/time';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import { isLive, SessionCard } from '../../../components/sessions/SessionCard';
import { fetchCases, fetchMyEscalations, fetchNotifications, fetchUpcomingSessions } from '../api/home.api';

function CaseRow({ c }: { c: CaseDto }) {
  return (
    <li className="list-row">
      <Link to={`/cases/${c.id}`} className="row-title">
        {c.title}
      </Link>
      <span className="row-meta">
        <span className={`status status-${c.status}`}>{c.status}</span> · {c.postCount} posts · {formatRelative(c.lastActivityAt)} ·{' '}
        {c.question.domains.map((d) => NCP_DOMAINS[d]).join(', ')}
      </span>
    </li>
  );
}

export function HomePage() {
  const me = useMe();
  const now = useNow(30_000);
  const cohorts = useCohorts();
  const recent = useQuery({ queryKey: qk.cases({ limit: 5 }), queryFn: ({ signal }) => fetchCases({ limit: 5 }, signal) });
  const followed = useQuery({
    queryKey: qk.cases({ followed: true, limit: 5 }),
    queryFn: ({ signal }) => fetchCases({ followed: true, limit: 5 }, signal),
  });
  const escalations = useQuery({ queryKey: qk.escalations('mine'), queryFn: ({ signal }) => fetchMyEscalations(signal) });
  const sessions = useQuery({ queryKey: qk.sessions({ upcoming: true }), queryFn: ({ signal }) => fetchUpcomingSessions(signal) });
  const notifications = useQuery({ queryKey: qk.notifications, queryFn: ({ signal }) => fetchNotifications(signal) });
  const unread = notifications.data?.items.filter((n) => !n.read) ?? [];

  return (
    <>
      <PageTitle
        actions={
          me.role !== 'admin' && (
            <Link className="btn btn-primary" to="/cases/new">
              New case
            </Link>
          )
        }
      >
        Welcome, {me.displayName}
      </PageTitle>
      <p className="lede">
        You are signed in as <ProfessionBadge profession={me.profession} /> {me.role}
        {me.role === 'faculty' && (me.onDuty ? ', on duty for escalations.' : ', off duty.')}
      </p>
      <div className="grid-2">
        <Section title="Unread notifications" id="home-unread" actions={<Link to="/notifications">Inbox</Link>}>
          {notifications.isPending ? (
            <Loading />
          ) : notifications.error ? (
            <ErrorNote error={notifications.error} />
          ) : unread.length === 0 ? (
            <Empty>Nothing new.</Empty>
          ) : (
            <ul className="list">
              {unread.slice(0, 5).map((n) => (
                <li key={n.id} className="list-row">
                  {n.caseId ? (
                    <Link to={`/cases/${n.caseId}`}>{n.title}</Link>
                  ) : n.sessionId ? (
                    <Link to={`/sessions/${n.sessionId}`}>{n.title}</Link>
                  ) : (
                    n.title
                  )}
                  <span className="row-meta">{formatRelative(n.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section
          title={me.role === 'faculty' ? 'Escalations for you' : 'My escalations'}
          id="home-esc"
          actions={me.role !== 'learner' && <Link to="/escalations">Queue</Link>}
        >
          {escalations.isPending ? (
            <Loading />
          ) : escalations.error ? (
            <ErrorNote error={escalations.error} />
          ) : escalations.data.length === 0 ? (
            <Empty>No open escalations.</Empty>
          ) : (
            <ul className="list">
              {escalations.data.slice(0, 6).map((e) => {
                const due = formatCountdown(e.dueAt, now);
                return (
                  <li key={e.id} className="list-row">
                    <Link to={`/cases/${e.caseId}`} className="row-title">
                      {e.caseTitle ?? e.question.slice(0, 80)}
                    </Link>
                    <span className="row-meta">
                      <span className={`status status-${e.status}`}>{e.status}</span> · {e.urgency}
                      {e.status !== 'answered' && e.status !== 'resolved' && (
                        <>
                          {' '}
                          · <span className={due.overdue ? 'overdue' : ''}>{due.text}</span>
                        </>
                      )}{' '}
                      · to {e.targetProfessions.map((p) => PROFESSION_LABELS[p]).join(', ')}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </Section>
        <Section title="Upcoming live sessions" id="home-sessions" actions={<Link to="/sessions">All sessions</Link>}>
          {sessions.isPending ? (
            <Loading />
          ) : sessions.error ? (
            <ErrorNote error={sessions.error} />
          ) : sessions.data.length === 0 ? (
            <Empty>No sessions scheduled.</Empty>
          ) : (
            <ul className="list">
              {[...sessions.data]
                .sort((a, b) => Number(isLive(b)) - Number(isLive(a)))
                .slice(0, 5)
                .map((s) => (
                  <SessionCard key={s.id} session={s} />
                ))}
            </ul>
          )}
        </Section>
        <Section title="My cohorts" id="home-cohorts">
          {cohorts.isPending ? (
            <Loading />
          ) : cohorts.error ? (
            <ErrorNote error={cohorts.error} />
          ) : cohorts.data.length === 0 ? (
            <Empty>You are not in a cohort yet.</Empty>
          ) : (
            <ul className="list">
              {cohorts.data.map((c) => (
                <li key={c.id} className="list-row">
                  <Link to={`/cases?cohortId=${c.id}`}>{c.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Recent cases" id="home-recent" actions={<Link to="/cases">All cases</Link>}>
          {recent.isPending ? (
            <Loading />
          ) : recent.error ? (
            <ErrorNote error={recent.error} />
          ) : recent.data.items.length === 0 ? (
            <Empty>No cases yet.</Empty>
          ) : (
            <ul className="list">
              {recent.data.items.map((c) => (
                <CaseRow key={c.id} c={c} />
              ))}
            </ul>
          )}
        </Section>
        <Section title="Cases I follow" id="home-followed">
          {followed.isPending ? (
            <Loading />
          ) : followed.error ? (
            <ErrorNote error={followed.error} />
          ) : followed.data.items.length === 0 ? (
            <Empty>Follow a case to see it here.</Empty>
          ) : (
            <ul className="list">
              {followed.data.items.map((c) => (
                <CaseRow key={c.id} c={c} />
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
