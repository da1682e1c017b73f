/**
 * Invitation codes (pure, unit-tested): 12 base64url characters from 9 random bytes, never starting
 * with "-" or "_" (a leading dash reads as a command-line flag or a list bullet when the code is
 * pasted into a message, and gets lost). The first character is mapped onto a
 * letter, which costs well under one bit of the 72.
 */
export function invitationCode(bytes: Uint8Array): string {
  const code = Buffer.from(bytes).toString('base64url');
  return code.replace(/^[-_]/, (c) => (c === '-' ? 'A' : 'B'));
}
