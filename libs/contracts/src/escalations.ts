import { Type, type Static } from '@sinclair/typebox';
import { NcpDomainSchema, ProfessionSchema, type Profession } from './identity';
import { URGENCIES, type Urgency } from './cases';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** `needs_info`: faculty asked the asker for more information; the response clock is paused until the asker answers. */
export const ESCALATION_STATUSES = ['assigned', 'offered', 'claimed', 'needs_info', 'answered', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const CreateEscalationRequest = Type.Object(
  {
    question: Text(4000),
    domains: Type.Array(NcpDomainSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
    professions: Type.Optional(Type.Array(ProfessionSchema, { maxItems: 11, uniqueItems: true })),
    urgency: Type.Union(URGENCIES.map((u) => Type.Literal(u))),
    /** The case already has an open escalation: escalate again only when the asker confirms it (no silent double load on faculty). */
    despiteOpen: Type.Optional(Type.Boolean()),
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
    urgency: Type.Optional(Type.Union(URGENCIES.map((u) => Type.Literal(u)))),
  },
  { additionalProperties: false },
);

export interface EscalationTimelineEntry {
  at: string;
  type:
    | 'created'
    | 'assigned'
    | 'offered'
    | 'claimed'
    | 'answered'
    | 'resolved'
    | 'overdue'
    | 'rerouted'
    | 'declined'
    | 'transferred'
    | 'info_requested'
    | 'info_provided';
  actorId?: string;
  /** Metadata in words (routing, counts); never user text. */
  note?: string;
  /** What a person wrote with this step (decline reason, transfer note, the question for the asker); passed the PHI gate. */
  text?: string;
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
  /** While `needs_info`: when the clock was paused (the response target moves on by the paused time). */
  pausedAt?: string;
  /** The id of the recommendation post in the case thread, once answered. */
  postId?: string;
  createdAt: string;
  timeline: EscalationTimelineEntry[];
}

/** Faculty declines the escalation (with a reason); it is re-routed to someone else. */
export const DeclineEscalationRequest = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
export type DeclineEscalationRequest = Static<typeof DeclineEscalationRequest>;

/** Faculty hands the escalation to a named colleague. */
export const TransferEscalationRequest = Type.Object(
  { toUserId: Type.String({ pattern: '^[a-f0-9]{24}$' }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type TransferEscalationRequest = Static<typeof TransferEscalationRequest>;

/** Faculty asks the asker for more information (status `needs_info`, clock paused). */
export const RequestInfoRequest = Type.Object({ question: Text(2000) }, { additionalProperties: false });
export type RequestInfoRequest = Static<typeof RequestInfoRequest>;

/** The asker answers; the answer is posted in the case thread and the clock resumes. */
export const ProvideInfoRequest = Type.Object({ answer: Text(4000) }, { additionalProperties: false });
export type ProvideInfoRequest = Static<typeof ProvideInfoRequest>;

/** A faculty colleague an escalation can be transferred to. */
export interface FacultyColleagueDto {
  id: string;
  displayName: string;
  profession: Profession;
  onDuty: boolean;
}

/** The routing preview, in words the asker can read. */
export interface RoutePreviewDto {
  targetProfessions: Profession[];
  /** On-duty faculty with matching profession and expertise. */
  candidates: number;
  /** Who would get it now (least open load), when anyone is on duty. */
  assignee?: { displayName: string; profession: Profession };
  /** Response targets in hours per urgency. */
  targetHours: { urgent: number; routine: number };
  /** When the answer is expected, for the urgency asked (ISO). */
  dueAt?: string;
}

// --- the routing map, edited by admins ------------------------------------------------------------

/**
 * The NCP domain → faculty professions map that escalation routing follows. Every domain 1–8 must
 * name at least one profession (a domain routed to nobody would only ever reach the pool).
 */
export const UpdateRoutingMapRequest = Type.Object(
  {
    domains: Type.Array(
      Type.Object(
        {
          domain: NcpDomainSchema,
          professions: Type.Array(ProfessionSchema, { minItems: 1, maxItems: 11, uniqueItems: true }),
        },
        { additionalProperties: false },
      ),
      { minItems: 8, maxItems: 8 },
    ),
  },
  { additionalProperties: false },
);
export type UpdateRoutingMapRequest = Static<typeof UpdateRoutingMapRequest>;

export interface RoutingMapDto {
  /** Domains 1–8 in order, each with its professions in routing order. */
  domains: { domain: number; professions: Profession[] }[];
  /** `default`: nobody changed it yet, so the server's configuration (ROUTING_MAP or the built-in map) applies. */
  source: 'default' | 'database';
  updatedAt?: string;
  updatedBy?: { id: string; displayName: string };
}
