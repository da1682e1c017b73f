import { changedDomains, entriesProblem, toEntries, toMap } from './routing-map';

const full = () =>
  toEntries({
    1: ['physician'],
    2: ['pharmacist'],
    3: ['psychologist'],
    4: ['social_worker'],
    5: ['chaplain'],
    6: ['chaplain'],
    7: ['nurse'],
    8: ['ethicist'],
  });

describe('routing map entries', () => {
  it('lists domains 1–8 in order, empty where the map says nothing, and converts back', () => {
    const entries = toEntries({ 2: ['pharmacist', 'physician'] });
    expect(entries.map((e) => e.domain)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entries[1].professions).toEqual(['pharmacist', 'physician']);
    expect(entries[0].professions).toEqual([]);
    expect(toMap(full())[5]).toEqual(['chaplain']);
  });

  it('accepts each domain once, and names the duplicate or the missing ones', () => {
    expect(entriesProblem(full())).toBeNull();
    const dup = full();
    dup[7] = { domain: 1, professions: ['nurse'] };
    expect(entriesProblem(dup)).toEqual({ field: 'domains.7.domain', reason: 'domain 1 is listed twice' });
    expect(entriesProblem(full().slice(0, 6))?.reason).toContain('missing 7, 8');
  });

  it('reports the domains whose professions changed', () => {
    const before = toMap(full());
    const after = { ...before, 3: ['psychologist', 'counselor'], 8: ['ethicist'] };
    expect(changedDomains(before, after)).toEqual([3]);
  });
});
