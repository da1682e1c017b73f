import { matchConfirmations } from './overrides';

describe('override confirmations', () => {
  const findings = [
    { field: 'body', start: 3, end: 8 },
    { field: 'title', start: 0, end: 4 },
  ];
  it('accepts confirmations that name findings exactly, and points at the first that does not', () => {
    expect(matchConfirmations(findings, [{ field: 'title', start: 0, end: 4 }])).toBeNull();
    expect(
      matchConfirmations(findings, [
        { field: 'body', start: 3, end: 8 },
        { field: 'body', start: 3, end: 9 },
      ]),
    ).toBe(1);
    expect(matchConfirmations(findings, [{ field: 'narrative', start: 3, end: 8 }])).toBe(0);
  });
});
