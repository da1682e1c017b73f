import { invitationCode } from './invitation-code';

describe('invitationCode', () => {
  it('never starts with "-" or "_" (first six bits 62 and 63)', () => {
    // 0xF8 → 111110.. → index 62 "-"; 0xFC → 111111.. → index 63 "_"
    expect(Buffer.from([0xf8, 0, 0, 0, 0, 0, 0, 0, 0]).toString('base64url')[0]).toBe('-');
    expect(invitationCode(Uint8Array.from([0xf8, 0, 0, 0, 0, 0, 0, 0, 0]))[0]).toBe('A');
    expect(invitationCode(Uint8Array.from([0xfc, 0, 0, 0, 0, 0, 0, 0, 0]))[0]).toBe('B');
  });

  it('keeps 12 url-safe characters and leaves other codes unchanged', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(invitationCode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(invitationCode(bytes)).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
  });
});
