import { escalationResource, recommendationBody, toEscalationDto, withoutAsker } from './escalations.mapper';
import type { EscalationDoc } from './infra/escalation.schema';

let n = 0;
/** Stands in for an ObjectId: the mapper only ever stringifies ids (and this spec must not import mongoose). */
const id = () => {
  const hex = (++n).toString(16).padStart(24, '0');
  return { toString: () => hex } as unknown as EscalationDoc['_id'];
};
const at = new Date('2030-01-01T00:00:00Z');

function doc(over: Partial<EscalationDoc> = {}): EscalationDoc {
  return {
    _id: id(),
    caseId: id(),
    cohortId: id(),
    caseTitle: 'Dyspnea at home',
    askerId: id(),
    question: 'Which opioid?',
    domains: [2],
    professions: [],
    targetProfessions: ['physician', 'aprn'],
    urgency: 'urgent',
    status: 'assigned',
    assigneeId: id(),
    previousAssigneeIds: [id()],
    routingReason: 'domain 2 → physician',
    createdAt: at,
    dueAt: new Date(at.getTime() + 24 * 3_600_000),
    claimDueAt: new Date(at.getTime() + 3_600_000),
    nextOverdueAt: at,
    nextCheckAt: at,
    leaseUntil: at,
    version: 3,
    answer: { restatedQuestion: 'q', recommendations: 'r', rationale: 'why' },
    timeline: [
      { at, type: 'created', actorId: id() },
      { at, type: 'assigned', note: 'least load 0' },
    ],
    ...over,
  };
}

describe('toEscalationDto', () => {
  it('maps explicitly and leaks no stored-only fields (lease, version, answer, previous assignees)', () => {
    const d = doc();
    const dto = toEscalationDto(d, new Map([[String(d.assigneeId), 'Dr Test']]));
    expect(dto).toMatchObject({ id: String(d._id), status: 'assigned', assigneeName: 'Dr Test', claimDueAt: '2030-01-01T01:00:00.000Z' });
    for (const k of ['_id', 'leaseUntil', 'version', 'answer', 'previousAssigneeIds', 'nextCheckAt', 'nextOverdueAt'])
      expect(dto).not.toHaveProperty(k);
    expect(dto.timeline[1]).toEqual({ at: at.toISOString(), type: 'assigned', note: 'least load 0' });
  });

  it('shows the claim deadline only while assigned', () => {
    expect(toEscalationDto(doc({ status: 'offered', assigneeId: null }))).not.toHaveProperty('claimDueAt');
    expect(toEscalationDto(doc({ status: 'offered', assigneeId: null }))).not.toHaveProperty('assigneeId');
  });
});

describe('withoutAsker (peer view when the asker is the anonymous author)', () => {
  it('drops the asker id everywhere it appears and keeps the other actors', () => {
    const asker = id();
    const assignee = id();
    const d = doc({
      askerId: asker,
      assigneeId: assignee,
      timeline: [
        { at, type: 'created', actorId: asker },
        { at, type: 'assigned', actorId: assignee },
        { at, type: 'resolved', actorId: asker },
      ],
    });
    const full = toEscalationDto(d);
    const peer = withoutAsker(full);
    expect(JSON.stringify(full)).toContain(String(asker));
    expect(JSON.stringify(peer)).not.toContain(String(asker));
    expect(peer.askerAnonymous).toBe(true);
    expect(peer.timeline.map((t) => t.actorId)).toEqual([undefined, String(assignee), undefined]);
    expect(peer.assigneeId).toBe(String(assignee));
  });
});

describe('escalationResource', () => {
  it('marks offered escalations so the pool may claim them', () => {
    expect(escalationResource(doc({ status: 'offered' }))).toMatchObject({
      kind: 'escalation',
      offered: true,
      targetProfessions: ['physician', 'aprn'],
    });
    expect(escalationResource(doc())).toMatchObject({ offered: false });
  });
});

describe('recommendationBody', () => {
  it('renders the structured answer, omitting empty optional parts', () => {
    const body = recommendationBody({ restatedQuestion: 'Q', recommendations: 'R', rationale: 'W' });
    expect(body).toBe('Question (restated): Q\n\nRecommendations: R\n\nRationale: W');
    expect(recommendationBody({ restatedQuestion: 'Q', recommendations: 'R', rationale: 'W', followUp: 'F' })).toContain('Follow-up: F');
  });
});
