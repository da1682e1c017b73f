import { Type, type Static } from '@sinclair/typebox';
import { NcpDomainSchema, ObjectIdString, ProfessionSchema, type AuthorDto, type Profession } from './identity';

/** US state and territory codes: the smallest geography Safe Harbor (B) allows. */
export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
  'GU',
  'VI',
  'AS',
  'MP',
] as const;

/** NCP Clinical Practice Guidelines, 4th ed., domains 1–8. */
export const NCP_DOMAINS: Record<number, string> = {
  1: 'Structure and processes of care',
  2: 'Physical',
  3: 'Psychological and psychiatric',
  4: 'Social',
  5: 'Spiritual, religious and existential',
  6: 'Cultural',
  7: 'Care of the patient nearing the end of life',
  8: 'Ethical and legal',
};

export const SETTINGS = ['home', 'clinic', 'hospital', 'long_term_care', 'hospice'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const ILLNESSES = ['cancer', 'heart_failure', 'copd', 'dementia', 'renal', 'neurologic', 'liver', 'other'] as const;
export const QUESTION_TYPES = ['diagnosis', 'management', 'medication', 'communication', 'ethics', 'systems'] as const;
export const URGENCIES = ['routine', 'urgent'] as const;
export const CASE_STATUSES = ['open', 'escalated', 'answered', 'closed'] as const;
export const ESAS_ITEMS = [
  'pain',
  'tiredness',
  'drowsiness',
  'nausea',
  'appetite',
  'dyspnea',
  'depression',
  'anxiety',
  'wellbeing',
] as const;
export const ESAS_COMPLETED_BY = ['patient', 'family', 'professional', 'assisted'] as const;
export const NARRATIVE_FIELDS = [
  'history',
  'physical',
  'psychological',
  'social',
  'spiritual',
  'cultural',
  'goalsOfCare',
  'ethicalLegal',
] as const;
export const POST_KINDS = ['post', 'recommendation', 'system'] as const;

export type Setting = (typeof SETTINGS)[number];
export type Illness = (typeof ILLNESSES)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type EsasItem = (typeof ESAS_ITEMS)[number];
export type PostKind = (typeof POST_KINDS)[number];

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const EsasScore = Type.Integer({ minimum: 0, maximum: 10 });

export const EsasSchema = Type.Object(
  {
    pain: EsasScore,
    tiredness: EsasScore,
    drowsiness: EsasScore,
    nausea: EsasScore,
    appetite: EsasScore,
    dyspnea: EsasScore,
    depression: EsasScore,
    anxiety: EsasScore,
    wellbeing: EsasScore,
    other: Type.Optional(Type.Object({ name: Text(60), score: EsasScore }, { additionalProperties: false })),
    completedBy: lit(ESAS_COMPLETED_BY),
  },
  { additionalProperties: false },
);
export type Esas = Static<typeof EsasSchema>;

/** PPSv2: a level 0–100 in steps of 10, never an average of columns. */
export const PpsSchema = Type.Integer({ minimum: 0, maximum: 100, multipleOf: 10 });

export const CaseQuestionSchema = Type.Object(
  {
    text: Text(4000),
    type: lit(QUESTION_TYPES),
    domains: Type.Array(NcpDomainSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
    professions: Type.Optional(Type.Array(ProfessionSchema, { maxItems: 11, uniqueItems: true })),
    urgency: lit(URGENCIES),
  },
  { additionalProperties: false },
);

const NarrativeText = Type.Optional(Type.String({ maxLength: 8000 }));
export const NarrativeSchema = Type.Object(
  {
    history: NarrativeText,
    physical: NarrativeText,
    psychological: NarrativeText,
    social: NarrativeText,
    spiritual: NarrativeText,
    cultural: NarrativeText,
    goalsOfCare: NarrativeText,
    ethicalLegal: NarrativeText,
  },
  { additionalProperties: false },
);

export const CreateCaseRequest = Type.Object(
  {
    cohortId: ObjectIdString,
    title: Text(200),
    setting: lit(SETTINGS),
    patient: Type.Object(
      {
        age: Type.Union([Type.Integer({ minimum: 0, maximum: 89 }), Type.Literal('90+')]),
        sex: lit(SEXES),
        state: lit(US_STATES),
      },
      { additionalProperties: false },
    ),
    illness: lit(ILLNESSES),
    question: CaseQuestionSchema,
    esas: Type.Optional(EsasSchema),
    pps: Type.Optional(PpsSchema),
    medications: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 40 })),
    narrative: Type.Optional(NarrativeSchema),
    anonymous: Type.Optional(Type.Boolean()),
    /** The author's de-identification attestation (docs/domain.md case template). */
    attestation: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateCaseRequest = Static<typeof CreateCaseRequest>;

export const ListCasesQuery = Type.Object(
  {
    cohortId: Type.Optional(ObjectIdString),
    domain: Type.Optional(NcpDomainSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(lit(CASE_STATUSES)),
    illness: Type.Optional(lit(ILLNESSES)),
    ppsMin: Type.Optional(PpsSchema),
    ppsMax: Type.Optional(PpsSchema),
    esasHigh: Type.Optional(Type.Boolean()),
    responderProfession: Type.Optional(ProfessionSchema),
    followed: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ListCasesQuery = Static<typeof ListCasesQuery>;

export const FollowUpRequest = Type.Object(
  {
    adviceFollowed: lit(['yes', 'partly', 'no'] as const),
    outcome: Text(4000),
    esas: Type.Optional(EsasSchema),
    pps: Type.Optional(PpsSchema),
  },
  { additionalProperties: false },
);
export type FollowUpRequest = Static<typeof FollowUpRequest>;

/** Why a case was closed (the lifecycle's outcome; the free-text note goes through the PHI gate). */
export const CLOSE_OUTCOMES = [
  'question_answered',
  'plan_agreed',
  'patient_transferred',
  'patient_died',
  'no_longer_needed',
  'other',
] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
export const CLOSE_OUTCOME_LABELS: Record<CloseOutcome, string> = {
  question_answered: 'Question answered',
  plan_agreed: 'Care plan agreed',
  patient_transferred: 'Patient transferred or discharged',
  patient_died: 'Patient died',
  no_longer_needed: 'No longer needed',
  other: 'Other',
};
export const ADVICE_FOLLOWED_LABELS: Record<'yes' | 'partly' | 'no', string> = {
  yes: 'Advice followed',
  partly: 'Advice partly followed',
  no: 'Advice not followed',
};

export const CloseCaseRequest = Type.Object(
  { outcome: lit(CLOSE_OUTCOMES), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type CloseCaseRequest = Static<typeof CloseCaseRequest>;

export const CreatePostRequest = Type.Object(
  {
    body: Text(10000),
    parentId: Type.Optional(ObjectIdString),
    clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreatePostRequest = Static<typeof CreatePostRequest>;

export const EditPostRequest = Type.Object({ body: Text(10000) }, { additionalProperties: false });
export type EditPostRequest = Static<typeof EditPostRequest>;

export const ListPostsQuery = Type.Object(
  { afterSeq: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);

/** PUT /cases/:id/read: the reader has seen the thread up to `seq` (never moves back). */
export const MarkReadRequest = Type.Object({ seq: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) }, { additionalProperties: false });
export type MarkReadRequest = Static<typeof MarkReadRequest>;

export const FollowLevelRequest = Type.Object({ level: lit(['following', 'normal', 'muted'] as const) }, { additionalProperties: false });
export type FollowLevelRequest = Static<typeof FollowLevelRequest>;
export type ListPostsQuery = Static<typeof ListPostsQuery>;

export interface CaseDto {
  id: string;
  cohortId: string;
  title: string;
  setting: Setting;
  patient: { age: number | '90+'; sex: (typeof SEXES)[number]; state: string };
  illness: Illness;
  question: { text: string; type: QuestionType; domains: number[]; professions?: Profession[]; urgency: Urgency };
  esas?: Esas;
  pps?: number;
  medications?: string[];
  narrative?: Partial<Record<(typeof NARRATIVE_FIELDS)[number], string>>;
  anonymous: boolean;
  author: AuthorDto;
  status: CaseStatus;
  postCount: number;
  lastSeq: number;
  /** Follow-ups ("what happened"), oldest first; `author` is shown as the case's anonymity allows. */
  followUps: {
    adviceFollowed: 'yes' | 'partly' | 'no';
    outcome: string;
    esas?: Esas;
    pps?: number;
    createdAt: string;
    author?: AuthorDto;
  }[];
  /** Present while the case is closed: the outcome chosen when closing it. */
  closure?: CaseClosureDto;
  createdAt: string;
  lastActivityAt: string;
  /** The caller's notification level for this case (authors follow their own cases). */
  followLevel?: FollowLevel;
  /** Professions of everyone who posted in the thread (the `responderProfession` filter). */
  responderProfessions?: Profession[];
  /** The caller's read marker: the thread is read up to this seq (absent: never opened). `lastSeq - readSeq` posts are new. */
  readSeq?: number;
}

export interface CaseClosureDto {
  outcome: CloseOutcome;
  note?: string;
  closedAt: string;
  closedBy: AuthorDto;
}

/** `case:changed`: the case's lifecycle moved (no user data: clients refetch the case). */
export interface CaseChangedEvent {
  caseId: string;
  status: CaseStatus;
  change: 'closed' | 'reopened' | 'follow_up';
}

export const FOLLOW_LEVELS = ['following', 'normal', 'muted'] as const;
export type FollowLevel = (typeof FOLLOW_LEVELS)[number];

export interface PostDto {
  id: string;
  caseId: string;
  seq: number;
  clientId?: string;
  parentId?: string;
  author: AuthorDto;
  body: string;
  kind: PostKind;
  createdAt: string;
  editedAt?: string;
  deleted?: boolean;
  hidden?: boolean;
  /** A moderator replaced the text after a privacy report (shown as "edited by a moderator"). */
  moderatorEdited?: boolean;
  endorsedBy?: { id: string; displayName: string }[];
  /** Structured recommendation for kind=recommendation. */
  recommendation?: RecommendationDto;
}

export interface RecommendationDto {
  /** The escalation it answers; absent for peers (the link would lead to who asked). */
  escalationId?: string;
  restatedQuestion: string;
  recommendations: string;
  rationale: string;
  contingency?: string;
  followUp?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
  total?: number;
}
