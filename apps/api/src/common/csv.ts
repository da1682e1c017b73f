/**
 * CSV for downloads (attendance, quality tables): pure, no Nest, unit-tested with its users.
 *
 * RFC 4180 field: quoted when it holds a comma, semicolon (the separator in many locales), quote,
 * tab, CR or LF (quotes doubled). A leading = + - @ ; tab or CR (OWASP CSV injection) is prefixed
 * with ' so spreadsheets do not run a display name as a formula.
 */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@;\t\r]/.test(s)) s = `'${s}`;
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line and one line per row, every cell through csvField, CRLF line ends. */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const line = (cells: readonly (string | number | null)[]) => cells.map((c) => csvField(c ?? '')).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}
