import { anonymousAuthor, audienceOf, authorFor } from './audience';
import { decodeCursor, encodeCursor } from './cursor';
import { esasMax } from './esas';
import { allowedMentionSpans, findMentions, insideMentions, mentionSpans } from './mentions';
import { blankRequired, caseTextFields } from './case-fields';
import type { CreateCaseRequest, Esas } from '@casebridge/contracts';
import { toCaseDto } from './cases.mapper';
import type { CaseDoc } from './infra/case.schema';

describe('audience', () => {
  it('maps roles to the audience that decides what they see', () => {
    expect(audienceOf({ role: 'learner', moderator: false })).toBe('peer');
    expect(audienceOf({ role: 'faculty', moderator: false })).toBe('staff');
    expect(audienceOf({ role: 'learner', moderator: true })).toBe('mod');
    expect(audienceOf({ role: 'admin', moderator: false })).toBe('mod');
  });
  it('anonymises an anonymous author for peers only, never for the author', () => {
    const a = { id: 'a'.repeat(24), displayName: 'Ann Lee', profession: 'nurse' as const, role: 'learner' as const };
    expect(authorFor(a, true, 'peer', 'b'.repeat(24))).toEqual(anonymousAuthor('nurse'));
    expect(anonymousAuthor('nurse')).toEqual({
      id: null,
      displayName: 'Learner · Nurse',
      profession: 'nurse',
      role: 'learner',
      anonymous: true,
    });
    expect(authorFor(a, true, 'peer', a.id).displayName).toBe('Ann Lee');
    expect(authorFor(a, true, 'staff').displayName).toBe('Ann Lee');
    expect(authorFor(a, true, 'mod')).toMatchObject({ id: a.id, anonymous: true });
    expect(authorFor(a, false, 'peer')).toEqual({ id: a.id, displayName: 'Ann Lee', profession: 'nurse', role: 'learner' });
  });
});

describe('cursor', () => {
  it('round-trips and rejects anything else', () => {
    const key = { at: new Date('2026-01-02T03:04:05.678Z'), id: '0123456789abcdef01234567' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('12.notanid').toString('base64url'))).toBeNull();
  });
});

describe('esasMax (ESAS-r)', () => {
  const base: Esas = {
    pain: 1,
    tiredness: 2,
    drowsiness: 0,
    nausea: 0,
    appetite: 3,
    dyspnea: 6,
    depression: 0,
    anxiety: 0,
    wellbeing: 4,
    completedBy: 'patient',
  };
  it('is the highest item, including "other"', () => {
    expect(esasMax(base)).toBe(6);
    expect(esasMax({ ...base, other: { name: 'itch', score: 9 } })).toBe(9);
    expect(esasMax(undefined)).toBeUndefined();
  });
});

describe('mentions', () => {
  const members = [
    { id: 'a'.repeat(24), displayName: 'Ann' },
    { id: 'b'.repeat(24), displayName: 'Ann Lee' },
    { id: 'c'.repeat(24), displayName: 'Dr Faculty' },
  ];
  it('resolves @Name (longest first, word boundary) and @[id]', () => {
    expect(findMentions('thanks @Ann Lee!', members)).toEqual(['b'.repeat(24)]);
    expect(findMentions('@ann and @dr faculty', members).sort()).toEqual(['a'.repeat(24), 'c'.repeat(24)].sort());
    expect(findMentions('@Annabel is not Ann', members)).toEqual([]);
    expect(findMentions(`ping @[${'c'.repeat(24)}] and @[${'d'.repeat(24)}]`, members)).toEqual(['c'.repeat(24)]);
    expect(findMentions('no mentions', members)).toEqual([]);
  });
  it('lets only findings wholly inside a mention through', () => {
    const { spans } = mentionSpans('see @Ann Lee about Mr Smith', members);
    expect(spans).toEqual([{ start: 4, end: 12 }]);
    const findings = [
      { start: 5, end: 12 },
      { start: 19, end: 27 },
      { start: 10, end: 14 },
    ];
    expect(insideMentions(findings, spans)).toEqual([{ start: 5, end: 12 }]);
  });
  it('allows only exact display names of members whose name itself is clean', () => {
    const crafted = [...members, { id: 'e'.repeat(24), displayName: 'Eleanor Rigby MRN 4471920' }];
    const isClean = (name: string) => !/\d{5,}/.test(name);
    // the crafted display name resolves as a mention, but buys no allowance
    expect(mentionSpans('ask @Eleanor Rigby MRN 4471920 today', crafted).spans).toHaveLength(1);
    expect(allowedMentionSpans('ask @Eleanor Rigby MRN 4471920 today', crafted, isClean)).toEqual([]);
    // a clean name counts only as written in the directory (the list inserts it that way)
    expect(allowedMentionSpans('see @Ann Lee now', crafted, isClean)).toEqual([{ start: 4, end: 12 }]);
    expect(allowedMentionSpans('see @ann lee now', crafted, isClean)).toEqual([]);
    expect(allowedMentionSpans(`see @[${'c'.repeat(24)}]`, crafted, isClean)).toEqual([{ start: 4, end: 31 }]);
  });
});

describe('case text fields', () => {
  it('names every free-text field the gate must scan', () => {
    const c = {
      cohortId: 'x',
      title: 'T',
      setting: 'home',
      patient: { age: 70, sex: 'female', state: 'CO' },
      illness: 'cancer',
      question: { text: 'Q', type: 'management', domains: [2], urgency: 'routine' },
      esas: {
        pain: 1,
        tiredness: 1,
        drowsiness: 1,
        nausea: 1,
        appetite: 1,
        dyspnea: 1,
        depression: 1,
        anxiety: 1,
        wellbeing: 1,
        completedBy: 'patient',
        other: { name: 'itch', score: 3 },
      },
      medications: ['a', 'b'],
      narrative: { social: 'S', goalsOfCare: 'G' },
    } as unknown as CreateCaseRequest;
    expect(Object.keys(caseTextFields(c)).sort()).toEqual(
      ['title', 'question.text', 'medications.0', 'medications.1', 'narrative.social', 'narrative.goalsOfCare', 'esas.other.name'].sort(),
    );
  });
  it('finds blank required text', () => {
    expect(blankRequired({ title: 'ok', body: '  \n' })).toBe('body');
    expect(blankRequired({ title: 'ok' })).toBeNull();
  });
});

describe('case DTO: closure and follow-ups keep the case author anonymous to peers', () => {
  const author = 'a'.repeat(24);
  const faculty = 'f'.repeat(24);
  const peer = 'c'.repeat(24);
  // only what toCaseDto reads; ids as strings stand in for ObjectIds (it only String()s them)
  const doc = {
    _id: 'e'.repeat(24),
    cohortId: 'd'.repeat(24),
    authorId: author,
    authorProfession: 'nurse',
    authorRole: 'learner',
    title: 'T',
    setting: 'home',
    patient: { age: 70, sex: 'female', state: 'CO' },
    illness: 'copd',
    question: { text: 'Q', type: 'management', domains: [2], urgency: 'routine' },
    anonymous: true,
    status: 'closed',
    facultyIds: [],
    responderProfessions: [],
    postCount: 3,
    lastSeq: 3,
    followUps: [
      { adviceFollowed: 'yes', outcome: 'Settled.', createdAt: new Date(0), authorId: author },
      {
        adviceFollowed: 'partly',
        outcome: 'Went home.',
        createdAt: new Date(1),
        authorId: faculty,
        authorProfession: 'physician',
        authorRole: 'faculty',
      },
    ],
    closure: {
      outcome: 'plan_agreed',
      closedAt: new Date(2),
      closedById: author,
      closedByProfession: 'nurse',
      closedByRole: 'learner',
      previousStatus: 'answered',
    },
    createdAt: new Date(0),
    lastActivityAt: new Date(2),
  } as unknown as CaseDoc;
  const authors = new Map([
    [author, { id: author, displayName: 'Ann Lee', profession: 'nurse' as const, role: 'learner' as const }],
    [faculty, { id: faculty, displayName: 'Dr Faculty', profession: 'physician' as const, role: 'faculty' as const }],
  ]);

  it('hides the anonymous author behind "Learner · Nurse" for peers, names faculty, and clamps readSeq', () => {
    const asPeer = toCaseDto(doc, authors, { id: peer, audience: 'peer' }, undefined, 99);
    expect(asPeer.closure).toMatchObject({ outcome: 'plan_agreed', closedBy: { id: null, anonymous: true } });
    expect(asPeer.followUps.map((f) => f.author?.displayName)).toEqual(['Learner · Nurse', 'Dr Faculty']);
    expect(JSON.stringify(asPeer)).not.toContain('Ann Lee');
    expect(asPeer.readSeq).toBe(3);
    const asStaff = toCaseDto(doc, authors, { id: faculty, audience: 'staff' });
    expect(asStaff.closure?.closedBy.displayName).toBe('Ann Lee');
    expect(asStaff.readSeq).toBeUndefined();
    // a reopened case carries no closure even if a stale one were stored
    expect(toCaseDto({ ...doc, status: 'open' } as CaseDoc, authors, { id: peer, audience: 'peer' }).closure).toBeUndefined();
  });
});
