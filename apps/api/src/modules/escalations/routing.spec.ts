import { DEFAULT_ROUTING_MAP } from '../../config/config';
import { chooseAssignee, defaultExpertiseFor, targetProfessions, type RoutingCandidate, type RoutingMap } from './routing';

// The shipped default (docs/domain.md's map), so the tests follow the product's configuration.
const MAP = DEFAULT_ROUTING_MAP as RoutingMap;

const c = (id: string, profession: RoutingCandidate['profession'], load = 0, extra: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  id,
  profession,
  load,
  onDuty: true,
  ...extra,
});

describe('targetProfessions', () => {
  it('maps domains through the map in domain order, without duplicates', () => {
    expect(targetProfessions([3, 2], undefined, MAP)).toEqual(['physician', 'aprn', 'pharmacist', 'psychologist', 'counselor']);
    expect(targetProfessions([6, 4], [], MAP)).toEqual(['social_worker', 'chaplain']);
  });
  it('puts requested professions first', () => {
    expect(targetProfessions([2], ['pharmacist', 'ethicist'], MAP)).toEqual(['pharmacist', 'ethicist', 'physician', 'aprn']);
  });
  it('follows a custom map', () => {
    expect(targetProfessions([2], undefined, { 2: ['nurse'] })).toEqual(['nurse']);
    expect(targetProfessions([9], undefined, MAP)).toEqual([]);
  });
});

describe('defaultExpertiseFor', () => {
  it('is the domains the map routes to the profession', () => {
    expect(defaultExpertiseFor('physician', MAP)).toEqual([1, 2, 7]);
    expect(defaultExpertiseFor('chaplain', MAP)).toEqual([5, 6]);
    expect(defaultExpertiseFor('therapist', MAP)).toEqual([]);
  });
});

describe('chooseAssignee', () => {
  it('picks the on-duty physician with the least load for a physical (domain 2) question', () => {
    const d = chooseAssignee({
      domains: [2],
      map: MAP,
      candidates: [
        c('a', 'physician', 2),
        c('b', 'physician', 0),
        c('c', 'physician', 1),
        c('d', 'chaplain', 0),
        c('e', 'psychologist', 0),
      ],
    });
    expect(d.assigneeId).toBe('b');
    expect(d.assigneeProfession).toBe('physician');
    expect(d.eligible).toBe(3);
    expect(d.reason).toMatch(/^domain 2 → physician\/aprn\/pharmacist; 3 on duty; least load 0/);
  });

  it('skips off-duty faculty even when they are idle, and says so', () => {
    const d = chooseAssignee({ domains: [2], map: MAP, candidates: [c('a', 'physician', 0, { onDuty: false }), c('b', 'physician', 3)] });
    expect(d.assigneeId).toBe('b');
    expect(d.reason).toContain('1 off duty skipped');
  });

  it('requires matching expertise: own domains override the profession default', () => {
    const d = chooseAssignee({
      domains: [2],
      map: MAP,
      candidates: [c('a', 'physician', 0, { expertiseDomains: [7] }), c('b', 'physician', 5, { expertiseDomains: [2, 7] })],
    });
    expect(d.assigneeId).toBe('b');
  });

  it('breaks ties by routing order, then by lowest id (deterministic)', () => {
    const cands = [c('z', 'pharmacist', 0), c('y', 'physician', 0), c('x', 'physician', 0)];
    const d1 = chooseAssignee({ domains: [2], map: MAP, candidates: cands });
    const d2 = chooseAssignee({ domains: [2], map: MAP, candidates: [...cands].reverse() });
    expect(d1.assigneeId).toBe('x');
    expect(d2.assigneeId).toBe('x');
    expect(d1.reason).toContain('3 tied');
  });

  it('prefers a requested profession on a tie', () => {
    const d = chooseAssignee({
      domains: [2],
      requested: ['pharmacist'],
      map: MAP,
      candidates: [c('a', 'physician', 0), c('b', 'pharmacist', 0)],
    });
    expect(d.assigneeId).toBe('b');
  });

  it('load beats profession preference', () => {
    const d = chooseAssignee({
      domains: [2],
      requested: ['pharmacist'],
      map: MAP,
      candidates: [c('a', 'physician', 0), c('b', 'pharmacist', 1)],
    });
    expect(d.assigneeId).toBe('a');
  });

  it('excludes members it is being re-routed away from', () => {
    const d = chooseAssignee({ domains: [2], map: MAP, candidates: [c('a', 'physician', 0), c('b', 'physician', 4)], exclude: ['a'] });
    expect(d.assigneeId).toBe('b');
    expect(d.reason).toContain('1 excluded');
  });

  it('returns no assignee when nobody matches, for the pool offer', () => {
    const d = chooseAssignee({ domains: [8], map: MAP, candidates: [c('a', 'physician', 0), c('b', 'ethicist', 0, { onDuty: false })] });
    expect(d.assigneeId).toBeUndefined();
    expect(d.targetProfessions).toEqual(['ethicist']);
    expect(d.eligible).toBe(0);
    expect(d.reason).toContain('offered to the pool');
  });

  it('routes a multi-domain question to any matching profession', () => {
    const d = chooseAssignee({ domains: [2, 5], map: MAP, candidates: [c('a', 'physician', 2), c('b', 'chaplain', 1)] });
    expect(d.assigneeId).toBe('b');
  });
});

describe('expertise preference', () => {
  const cand = (id: string, profession: RoutingCandidate['profession'], load: number, expertiseDomains?: number[]): RoutingCandidate => ({
    id,
    profession,
    onDuty: true,
    load,
    expertiseDomains,
  });
  it("prefers the member whose expertise covers more of the question's domains, even with more load", () => {
    const d = chooseAssignee({
      domains: [2, 5],
      map: MAP,
      requested: ['physician'],
      candidates: [cand('a', 'physician', 0), cand('b', 'physician', 3, [2, 5])],
    });
    expect(d.assigneeId).toBe('b');
    expect(d.reason).toContain('expertise covering 2 of 2 domains preferred');
  });
  it('a member whose chosen expertise leaves the domain out is not chosen for it', () => {
    const d = chooseAssignee({ domains: [2], map: MAP, candidates: [cand('a', 'physician', 0, [7]), cand('b', 'physician', 5)] });
    expect(d.assigneeId).toBe('b');
  });
});
