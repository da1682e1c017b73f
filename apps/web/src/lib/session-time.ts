/**
 * Session times with their zone: a facilitator plans "Thursday 14:00 in
 * Toronto", members read it in their own zone, both named. Pure functions over Intl, unit-tested.
 */

/** The browser's IANA zone ("UTC" when the runtime does not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the runtime knows, the browser's first (a short list where supportedValuesOf is missing). */
export function timeZoneOptions(current = browserTimeZone()): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (k: 'timeZone') => string[] };
  const all = intl.supportedValuesOf
    ? intl.supportedValuesOf('timeZone')
    : ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Toronto', 'Europe/London'];
  return [current, ...all.filter((z) => z !== current && z !== 'UTC'), ...(current === 'UTC' ? [] : ['UTC'])];
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (east positive). */
function offsetMinutes(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * A wall-clock "YYYY-MM-DDTHH:mm" in `tz` → ISO instant ('' when malformed). Two passes settle
 * the offset around a daylight-saving change; a time skipped by the change moves forward.
 */
export function wallTimeToIso(local: string, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return '';
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = wall - offsetMinutes(wall, tz) * 60_000;
  guess = wall - offsetMinutes(guess, tz) * 60_000;
  return Number.isNaN(guess) ? '' : new Date(guess).toISOString();
}

/** "Thu 4 Dec, 14:00 GMT+1" in `tz` (the viewer's zone when absent). */
export function formatInZone(iso: string, tz?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    ...(tz ? { timeZone: tz } : {}),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(d);
}

/**
 * The start as the viewer reads it: in their zone, plus the planned zone's time when that
 * differs ("Thu 4 Dec, 09:00 EST (14:00 GMT in Europe/London)").
 */
export function describeStart(iso: string, sessionTz: string | undefined, viewerTz = browserTimeZone()): string {
  const mine = formatInZone(iso, viewerTz);
  if (
    !sessionTz ||
    sessionTz === viewerTz ||
    offsetMinutes(new Date(iso).getTime(), sessionTz) === offsetMinutes(new Date(iso).getTime(), viewerTz)
  )
    return mine;
  const theirs = new Intl.DateTimeFormat('en-GB', {
    timeZone: sessionTz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
  return `${mine} (${theirs} in ${sessionTz.replace(/_/g, ' ')})`;
}
