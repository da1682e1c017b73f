import { useAnnouncements } from '../lib/announcer';

/**
 * The app's ARIA live regions, rendered once and always present (a region inserted
 * together with its text is often not read). The key re-mounts the text so the same
 * sentence twice is still announced.
 */
export function LiveRegion() {
  const { polite, assertive } = useAnnouncements();
  return (
    <>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        <span key={polite.id}>{polite.text}</span>
      </div>
      <div className="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">
        <span key={assertive.id}>{assertive.text}</span>
      </div>
    </>
  );
}
