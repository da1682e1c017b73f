import { describeStart, formatInZone, timeZoneOptions, wallTimeToIso } from './session-time';

describe('session time zones', () => {
  it('turns a wall time in a zone into the instant', () => {
    expect(wallTimeToIso('2026-12-03T14:00', 'UTC')).toBe('2026-12-03T14:00:00.000Z');
    expect(wallTimeToIso('2026-12-03T09:00', 'America/New_York')).toBe('2026-12-03T14:00:00.000Z');
    expect(wallTimeToIso('2026-07-03T09:00', 'America/New_York')).toBe('2026-07-03T13:00:00.000Z');
    expect(wallTimeToIso('2026-07-03T14:00', 'Asia/Kolkata')).toBe('2026-07-03T08:30:00.000Z');
  });
  it('settles around a daylight-saving change', () => {
    // 2026-03-29 01:30 does not exist in London (clocks jump 01:00 → 02:00); 02:30 BST is 01:30Z
    expect(wallTimeToIso('2026-03-29T02:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
    expect(wallTimeToIso('2026-03-29T00:30', 'Europe/London')).toBe('2026-03-29T00:30:00.000Z');
  });
  it('refuses malformed input', () => {
    expect(wallTimeToIso('', 'UTC')).toBe('');
    expect(wallTimeToIso('2026-12-03 14:00', 'UTC')).toBe('');
  });
  it('names the zone when formatting, and adds the planned zone when it differs', () => {
    expect(formatInZone('2026-12-03T14:00:00.000Z', 'UTC')).toMatch(/14:00 UTC$/);
    expect(describeStart('2026-12-03T14:00:00.000Z', 'America/New_York', 'UTC')).toMatch(
      /14:00 UTC \(09:00 (EST|GMT-5) in America\/New York\)$/,
    );
    expect(describeStart('2026-12-03T14:00:00.000Z', 'UTC', 'UTC')).toMatch(/14:00 UTC$/);
  });
  it('lists the current zone first and UTC once', () => {
    const z = timeZoneOptions('America/Toronto');
    expect(z[0]).toBe('America/Toronto');
    expect(z.filter((x) => x === 'UTC')).toHaveLength(1);
  });
});
