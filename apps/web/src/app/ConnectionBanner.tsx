import { useEffect, useRef } from 'react';
import { announce } from '../lib/announcer';
import { useConnection } from '../lib/socket';
import { useAuth } from '../lib/auth';

/** Always says when live updates are not flowing; says once when they are back. */
export function ConnectionBanner() {
  const { status, databaseDown } = useConnection();
  const { signOut } = useAuth();
  const was = useRef(status);
  useEffect(() => {
    if (was.current === 'reconnecting' && status === 'connected') announce('Reconnected. Caught up with what you missed.');
    if (was.current === 'connected' && status === 'reconnecting') announce('Connection lost. Reconnecting…');
    was.current = status;
  }, [status]);

  let text: string | null = null;
  let tone = 'warn';
  if (status === 'reconnecting') text = 'Connection lost. Reconnecting… New messages will appear when it is back.';
  else if (status === 'connecting') text = 'Connecting to live updates…';
  else if (status === 'unauthorized') {
    text = 'Your session has ended.';
    tone = 'error';
  } else if (databaseDown) text = 'The service is having trouble saving. What you send may fail; try again shortly.';
  return (
    <div className="connection-banner-slot" data-status={status}>
      {text && (
        <div className={`connection-banner banner-${tone}`} role="status">
          <span aria-hidden="true">{tone === 'error' ? '⚠ ' : '⟳ '}</span>
          {text}
          {status === 'unauthorized' && (
            <button type="button" className="btn btn-small" onClick={() => void signOut()}>
              Sign in again
            </button>
          )}
        </div>
      )}
    </div>
  );
}
