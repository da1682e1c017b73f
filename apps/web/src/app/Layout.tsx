import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { isFaculty, isModerator, useMe, useAuth } from '../lib/auth';
import { Loading } from '../components/ui/feedback';
import { ProfessionBadge } from '../components/ui/ProfessionBadge';
import { useUnreadCount } from '../features/notifications/hooks/useUnreadCount';
import { useReviewCount } from '../features/privacy/hooks/useReviewCount';
import { useNotificationsRealtime } from '../features/notifications/realtime/useNotificationsRealtime';
import { useEscalationsRealtime } from '../features/escalations/realtime/useEscalationsRealtime';
import { ConnectionBanner } from './ConnectionBanner';
import { KeyboardShortcuts } from './KeyboardShortcuts';

export function Layout() {
  const me = useMe();
  const { signOut } = useAuth();
  const unread = useUnreadCount();
  const toReview = useReviewCount(isModerator(me));
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useNotificationsRealtime();
  useEscalationsRealtime(me);
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const links: { to: string; label: string; show: boolean; badge?: number; badgeLabel?: string }[] = [
    { to: '/', label: 'Home', show: true },
    { to: '/cases', label: 'Cases', show: true },
    { to: '/escalations', label: me.role === 'learner' ? 'My escalations' : 'Faculty queue', show: true },
    { to: '/sessions', label: 'Live sessions', show: true },
    { to: '/notifications', label: 'Notifications', show: true, badge: unread },
    { to: '/privacy/reviews', label: 'Privacy review', show: isModerator(me), badge: toReview, badgeLabel: 'to review' },
    { to: '/admin', label: 'Admin', show: me.role === 'admin' },
    { to: '/analytics', label: 'Quality', show: isFaculty(me) },
  ];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          CaseBridge
        </NavLink>
        <button
          type="button"
          className="btn btn-quiet menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu{unread > 0 ? ` (${unread})` : ''}
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.to === '/'}>
                    {l.label}
                    {l.badge ? (
                      <span className="count-badge">
                        {l.badge}
                        <span className="visually-hidden"> {l.badgeLabel ?? 'unread'}</span>
                      </span>
                    ) : null}
                  </NavLink>
                </li>
              ))}
          </ul>
          <div className="me">
            <NavLink to="/profile" className="me-name" aria-label={`My profile: ${me.displayName}`}>
              {me.displayName}
            </NavLink>{' '}
            <ProfessionBadge profession={me.profession} compact />
            <button type="button" className="btn btn-quiet btn-small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </nav>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <KeyboardShortcuts />
    </div>
  );
}
