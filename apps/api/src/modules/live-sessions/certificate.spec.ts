import { PDFDocument } from 'pdf-lib';
import { certificateId, certificatePdf, formatDuration, totalMinutes, type CertificateInput } from './certificate';

const base = (n: number): CertificateInput => ({
  attendee: { id: 'u1', displayName: 'Maya Chen', profession: 'Nurse' },
  sessions: Array.from({ length: n }, (_, i) => ({
    sessionId: `s${i}`,
    title: `Case conference ${i + 1}`,
    startedAt: new Date(Date.UTC(2026, 8, 1 + i, 14)),
    minutes: 45.5,
  })),
  issuedAt: new Date(Date.UTC(2026, 11, 3)),
  programme: 'CaseBridge live case sessions',
});

describe('certificate of attendance', () => {
  it('is a PDF that pdf-lib reads back, with the attendee and total in its metadata', async () => {
    const bytes = await certificatePdf(base(2));
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Certificate of attendance — Maya Chen');
    expect(doc.getSubject()).toBe(`2 session(s), 1 h 31 min; certificate ${certificateId(base(2))}`);
    expect(doc.getKeywords()).toBe('Case conference 1 Case conference 2');
  });
  it('adds pages for long ranges and survives names the standard font cannot draw', async () => {
    const input = base(40);
    input.attendee.displayName = '陳美雅 Maya';
    const doc = await PDFDocument.load(await certificatePdf(input));
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getTitle()).toBe('Certificate of attendance — ??? Maya');
  });
  it('changes its id with any minute or session, and sums durations', () => {
    const a = base(2);
    const b = base(2);
    b.sessions[1].minutes = 44;
    expect(certificateId(a)).not.toBe(certificateId(b));
    expect(totalMinutes(a.sessions)).toBe(91);
    expect(formatDuration(91)).toBe('1 h 31 min');
    expect(formatDuration(12.4)).toBe('12 min');
  });
});
