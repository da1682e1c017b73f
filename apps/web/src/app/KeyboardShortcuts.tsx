/**
 * The app-wide keys (`?`, `/`, `g c`, `g h`, `g n`) and the dialog that lists every shortcut.
 * Page keys (j/k/r on a case) are handled by their page with the same guard.
 */
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Dialog, Heading, Modal } from 'react-aria-components';
import { Button } from '../components/ui/controls';
import { GO_TO, isTypingOrModified, SEQUENCE_MS, SHORTCUTS } from './shortcuts';

function focusSearch(): boolean {
  const box = document.querySelector<HTMLInputElement>('form[role="search"] input[type="search"]');
  if (!box) return false;
  box.focus();
  box.select();
  return true;
}

export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const pendingG = useRef(0);
  const wantSearch = useRef(false);

  // "/" away from the cases list goes there, then focuses its search box once it is on screen
  useEffect(() => {
    if (!wantSearch.current || location.pathname !== '/cases') return;
    // the list is loaded on demand and its title takes focus when it mounts: wait for it (bounded)
    let tries = 100;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const ready = document.querySelector('form[role="search"]') && document.activeElement?.id === 'page-title';
      if ((ready && focusSearch()) || --tries <= 0) wantSearch.current = false;
      else timer = setTimeout(tick, 50);
    };
    tick();
    return () => clearTimeout(timer);
  }, [location.pathname]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingOrModified(e)) return;
      const now = Date.now();
      if (pendingG.current && now - pendingG.current < SEQUENCE_MS && GO_TO[e.key]) {
        pendingG.current = 0;
        e.preventDefault();
        void navigate(GO_TO[e.key]);
        return;
      }
      pendingG.current = 0;
      if (e.key === 'g') {
        pendingG.current = now;
      } else if (e.key === '?') {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === '/') {
        e.preventDefault();
        if (!focusSearch()) {
          wantSearch.current = true;
          void navigate('/cases');
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <>
      <footer className="app-footer">
        <Button variant="quiet" className="btn-small" onPress={() => setOpen(true)}>
          Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
        </Button>
      </footer>
      <Modal className="modal" isDismissable isOpen={open} onOpenChange={setOpen}>
        <Dialog className="dialog shortcuts-dialog">
          <Heading slot="title">Keyboard shortcuts</Heading>
          <p className="muted">They do nothing while you type in a field.</p>
          <table className="shortcuts">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Does</th>
                <th scope="col">Where</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <td>
                    {s.keys.split(' then ').map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' then '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{s.does}</td>
                  <td>{s.where}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <Button variant="primary" onPress={() => setOpen(false)}>
              Close
            </Button>
          </div>
        </Dialog>
      </Modal>
    </>
  );
}
