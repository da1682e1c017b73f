/**
 * The certificate of attendance as a PDF, built with pdf-lib (no Nest, no
 * mongoose: unit-tested in jest). One page per up to 18 sessions; standard Helvetica, so text the
 * font cannot encode (non-Latin names) is replaced rather than failing the download.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

export interface CertificateSession {
  sessionId: string;
  title: string;
  startedAt: Date;
  timeZone?: string;
  minutes: number;
}

export interface CertificateInput {
  attendee: { id: string; displayName: string; profession: string };
  sessions: CertificateSession[];
  /** The period asked for, shown as given ("1 Sep 2026 – 30 Nov 2026"); absent for one session. */
  period?: { from: Date; to: Date };
  issuedAt: Date;
  programme: string;
}

const ROWS_PER_PAGE = 18;

/** A short id that changes with any attended session or minute: printed so a programme can check a certificate against the attendance export. */
export function certificateId(input: Pick<CertificateInput, 'attendee' | 'sessions'>): string {
  const h = createHash('sha256');
  h.update(input.attendee.id);
  for (const s of input.sessions) h.update(`|${s.sessionId}:${s.minutes}`);
  return h.digest('hex').slice(0, 12).toUpperCase();
}

export function totalMinutes(sessions: readonly CertificateSession[]): number {
  return Math.round(sessions.reduce((sum, s) => sum + s.minutes, 0) * 10) / 10;
}

export function formatDuration(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  return h ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

function dateIn(d: Date, timeZone = 'UTC'): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(d);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
  }
}

/** Text the standard font can draw: other characters become "?" (never a thrown encoding error). */
function drawable(font: PDFFont, text: string): string {
  const ok = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, ' ')].map((ch) => (ok.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
}

function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = drawable(font, text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const id = certificateId(input);
  const total = totalMinutes(input.sessions);
  doc.setTitle(`Certificate of attendance — ${drawable(regular, input.attendee.displayName)}`);
  doc.setSubject(`${input.sessions.length} session(s), ${formatDuration(total)}; certificate ${id}`);
  doc.setKeywords(input.sessions.map((s) => drawable(regular, s.title)));
  doc.setAuthor(input.programme);
  doc.setCreator('CaseBridge');
  doc.setCreationDate(input.issuedAt);

  const ink = rgb(0.12, 0.14, 0.16);
  const muted = rgb(0.34, 0.38, 0.42);
  const pages = Math.max(1, Math.ceil(input.sessions.length / ROWS_PER_PAGE));
  for (let p = 0; p < pages; p++) {
    const page: PDFPage = doc.addPage([595.28, 841.89]); // A4
    const { width } = page.getSize();
    const left = 64;
    const text = (t: string, x: number, y: number, size: number, font = regular, color = ink) =>
      page.drawText(fit(font, t, size, width - x - left), { x, y, size, font, color });
    page.drawRectangle({ x: 32, y: 32, width: width - 64, height: 841.89 - 64, borderColor: rgb(0.04, 0.36, 0.68), borderWidth: 2 });
    let y = 760;
    text(input.programme, left, y, 12, regular, muted);
    y -= 40;
    text('Certificate of attendance', left, y, 26, bold);
    y -= 44;
    text('This certifies that', left, y, 12, regular, muted);
    y -= 28;
    text(input.attendee.displayName, left, y, 20, bold);
    y -= 20;
    text(input.attendee.profession, left, y, 12, regular, muted);
    y -= 30;
    const period = input.period ? ` between ${dateIn(input.period.from)} and ${dateIn(input.period.to)}` : '';
    text(
      `attended ${input.sessions.length === 1 ? 'this live case session' : `${input.sessions.length} live case sessions`}${period}, ${formatDuration(total)} in all:`,
      left,
      y,
      12,
    );
    y -= 30;
    text('Date', left, y, 10, bold, muted);
    text('Session', left + 90, y, 10, bold, muted);
    text('Present', width - left - 70, y, 10, bold, muted);
    y -= 6;
    page.drawLine({ start: { x: left, y }, end: { x: width - left, y }, thickness: 0.5, color: muted });
    y -= 16;
    for (const s of input.sessions.slice(p * ROWS_PER_PAGE, (p + 1) * ROWS_PER_PAGE)) {
      text(dateIn(s.startedAt, s.timeZone), left, y, 11);
      page.drawText(fit(regular, s.title, 11, width - 2 * left - 90 - 80), { x: left + 90, y, size: 11, font: regular, color: ink });
      text(formatDuration(s.minutes), width - left - 70, y, 11);
      y -= 20;
    }
    const foot = 96;
    text('Minutes count the time present while the session ran, from its start to its end.', left, foot + 24, 9, regular, muted);
    text(
      `Issued ${dateIn(input.issuedAt)} · certificate ${id}${pages > 1 ? ` · page ${p + 1} of ${pages}` : ''}`,
      left,
      foot,
      9,
      regular,
      muted,
    );
  }
  return doc.save();
}
