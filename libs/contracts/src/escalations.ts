import { Type, type Static } from '@sinclair/typebox';
import { NcpDomainSchema, ProfessionSchema, type Profession } from './identity';
import { URGENCIES, type Urgency } from './cases';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const ESCALATION_STATUSES = ['assigned', 'offered', 'claimed', 'answered', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const CreateEscalationRequest = Type.Object(
  {
    question: Text(4000),
    domains: Type.Array(NcpDomainSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
    professions: Type.Optional(Type.Array(ProfessionSchema, { maxItems: 11, uniqueItems: true })),
    urgency: Type.Union(URGENCIES.map((u) => Type.Literal(u))),
  },
  { additionalProperties: false },
);
export type CreateEscalationRequest = Static<typeof CreateEscalationRequest>;

export const AnswerEscalationRequest = Type.Object(
  {
    restatedQuestion: Text(4000),
    recommendations: Text(8000),
    rationale: Text(8000),
    contingency: Type.Optional(Type.String({ maxLength: 4000 })),
    followUp: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type AnswerEscalationRequest = Static<typeof AnswerEscalationRequest>;

export const ListEscalationsQuery = Type.Object(
  { scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('all')])) },
  { additionalProperties: false },
);

export const RoutePreviewQuery = Type.Object(
  {
    domains: Type.Array(NcpDomainSchema, { minItems: 1, maxItems: 8 }),
    professions: Type.Optional(Type.Array(ProfessionSchema, { maxItems: 11 })),
  },
  { additionalProperties: false },
);

export interface EscalationTimelineEntry {
  at: string;
  type: 'created' | 'assigned' | 'offered' | 'claimed' | 'answered' | 'resolved' | 'overdue' | 'rerouted';
  actorId?: string;
  note?: string;
}

export interface EscalationDto {
  id: string;
  caseId: string;
  caseTitle?: string;
  cohortId: string;
  /**
   * Who asked. Absent for peers when the asker is the anonymous author of the case (an anonymous
   * author stays anonymous to peers in every DTO); `askerAnonymous` then says so.
   */
  askerId?: string;
  askerAnonymous?: boolean;
  question: string;
  domains: number[];
  professions: Profession[];
  /** Faculty professions this question routes to (from the configurable routing map). */
  targetProfessions: Profession[];
  urgency: Urgency;
  status: EscalationStatus;
  assigneeId?: string;
  assigneeName?: string;
  routingReason: string;
  dueAt: string;
  claimDueAt?: string;
  answeredAt?: string;
  createdAt: string;
  timeline: EscalationTimelineEntry[];
}
