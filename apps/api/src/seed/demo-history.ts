import type { AnswerEscalationRequest, CreateCaseRequest, Urgency } from '@casebridge/contracts';

/**
 * A few months of demo history, so a fresh start shows a quality page, an inbox and case lists
 * that are not empty. Pure data (times are offsets from the moment the seed runs), so the
 * demo-content spec can run every text through the PHI detector. The seeder creates everything
 * through the real services (and so the real PHI gate), then moves the timestamps into the past.
 */

export interface HistoryPost {
  authorKey: string;
  body: string;
  /** Hours after the case was posted. */
  afterHours: number;
}

export interface HistoryEscalation {
  question: string;
  domains: number[];
  urgency: Urgency;
  /** Hours after the case was posted. */
  afterHours: number;
  /** Answered this many hours after it was raised (late when beyond the response target); absent: still open. */
  answer?: AnswerEscalationRequest & { afterHours: number };
}

export interface HistoryCase {
  authorKey: string;
  /** Posted this many days before the seed runs. */
  daysAgo: number;
  request: Omit<CreateCaseRequest, 'cohortId'>;
  posts: HistoryPost[];
  escalation?: HistoryEscalation;
}

export const DEMO_HISTORY: HistoryCase[] = [
  {
    authorKey: 'aprn',
    daysAgo: 118,
    request: {
      title: 'Rotating opioids for neuropathic cancer pain with rising doses',
      setting: 'clinic',
      patient: { age: 64, sex: 'female', state: 'MN' },
      illness: 'cancer',
      question: {
        text: 'Pain keeps escalating on oral oxycodone; is methadone a sensible rotation here, and how would we start it safely in clinic?',
        type: 'medication',
        domains: [2],
        urgency: 'routine',
      },
      pps: 50,
      narrative: { history: 'Pelvic recurrence with burning leg pain; oxycodone doubled over two months with little benefit.' },
    },
    posts: [
      {
        authorKey: 'pharm',
        body: 'Check the baseline ECG and interacting drugs before methadone; the conversion ratio depends on the current total daily dose.',
        afterHours: 3,
      },
      {
        authorKey: 'nurse',
        body: 'She is worried about being seen at a methadone clinic. It is worth explaining that this is a pain prescription.',
        afterHours: 9,
      },
    ],
    escalation: {
      question: 'Methadone start for neuropathic cancer pain after oxycodone failure: conversion, titration and monitoring?',
      domains: [2],
      urgency: 'routine',
      afterHours: 10,
      answer: {
        afterHours: 20,
        restatedQuestion: 'How to rotate from escalating oxycodone to methadone for neuropathic pain in an outpatient.',
        recommendations:
          'Start low with a fixed low dose and keep a short-acting opioid for breakthrough; review in three days and not more often than weekly for dose increases.',
        rationale:
          'Methadone accumulates over days; slow titration avoids late sedation. It also acts on the NMDA receptor, which helps neuropathic pain.',
        contingency: 'Sedation or a prolonged QTc: hold the dose and call the palliative team.',
      },
    },
  },
  {
    authorKey: 'pa',
    daysAgo: 104,
    request: {
      title: 'Delirium at the end of life in advanced heart failure',
      setting: 'hospital',
      patient: { age: 81, sex: 'male', state: 'TX' },
      illness: 'heart_failure',
      question: {
        text: 'Agitated delirium in the last days of heart failure; the family asks whether he is suffering. What should we use and how do we explain it?',
        type: 'management',
        domains: [2, 3],
        urgency: 'urgent',
      },
      pps: 20,
      narrative: { history: 'Stage D heart failure, inotropes stopped; now drowsy by day and agitated at night.' },
    },
    posts: [
      { authorKey: 'therapist', body: 'A calm, dim room and familiar voices help; the family could bring music he likes.', afterHours: 2 },
      { authorKey: 'sw', body: 'The family is taking turns at the bedside; they may need permission to rest.', afterHours: 5 },
    ],
    escalation: {
      question: 'Terminal agitated delirium in heart failure: drug choice and how to talk with the family about it?',
      domains: [2, 3],
      urgency: 'urgent',
      afterHours: 3,
      answer: {
        afterHours: 30,
        restatedQuestion: 'Managing agitated delirium in the last days of life and supporting the family.',
        recommendations:
          'Treat reversible causes only if simple; use a low-dose antipsychotic for agitation and add a benzodiazepine if distress persists. Explain that delirium is common near death and that the team is treating the distress.',
        rationale: 'In the final days the aim is comfort; families are reassured by a clear plan and an explanation of what they see.',
      },
    },
  },
  {
    authorKey: 'counselor',
    daysAgo: 90,
    request: {
      title: 'Anticipatory grief in a spouse caring at home',
      setting: 'home',
      patient: { age: 70, sex: 'female', state: 'GA' },
      illness: 'neurologic',
      question: {
        text: 'The spouse cries at every visit and says he cannot imagine life after. How can the team support anticipatory grief without overstepping?',
        type: 'communication',
        domains: [3, 4],
        urgency: 'routine',
      },
      pps: 30,
      narrative: { history: 'Advanced ALS, no longer able to speak; uses an eye-gaze board.' },
    },
    posts: [{ authorKey: 'chaplain', body: 'Naming the grief out loud often helps. Ask what he is most afraid of losing.', afterHours: 6 }],
    escalation: {
      question: 'Assessing and supporting anticipatory grief in a caregiving spouse: when is a referral needed?',
      domains: [3],
      urgency: 'routine',
      afterHours: 7,
      answer: {
        afterHours: 40,
        restatedQuestion: 'Supporting a caregiving spouse with anticipatory grief and deciding on a referral.',
        recommendations:
          'Offer regular check-ins and bereavement information early; refer to a counselor if he cannot function day to day or speaks of not wanting to go on.',
        rationale: 'Anticipatory grief is expected; risk factors for complicated grief are isolation and caregiver burden.',
      },
    },
  },
  {
    authorKey: 'nurse',
    daysAgo: 76,
    request: {
      title: 'Stopping dialysis: what to expect and how to prepare',
      setting: 'home',
      patient: { age: 77, sex: 'male', state: 'AZ' },
      illness: 'renal',
      question: {
        text: 'He has decided to stop dialysis. What symptoms should we plan for over the following days, and which medicines should be ready at home?',
        type: 'management',
        domains: [1, 2],
        urgency: 'urgent',
      },
      pps: 30,
      narrative: {
        history: 'End-stage kidney disease on dialysis for six years; recurrent access failure.',
        goalsOfCare: 'Wants to die at home with his dog nearby.',
      },
    },
    posts: [
      {
        authorKey: 'pharm',
        body: 'Avoid morphine with no kidney function; hydromorphone or fentanyl are safer choices for comfort.',
        afterHours: 1,
      },
      {
        authorKey: 'pa',
        body: 'Pruritus and restlessness often come first; a comfort kit should be in place before the last treatment.',
        afterHours: 4,
      },
    ],
    escalation: {
      question: 'Symptom plan and comfort kit after dialysis withdrawal at home?',
      domains: [2],
      urgency: 'urgent',
      afterHours: 2,
      answer: {
        afterHours: 6,
        restatedQuestion: 'Preparing symptom management at home after stopping dialysis.',
        recommendations:
          'Have a comfort kit with a kidney-safe opioid, an antiemetic, a sedative and secretion medication in the home before the last session; teach the family when to use each.',
        rationale:
          'Death usually follows within one to two weeks; uremic symptoms are predictable and easier to treat when medicines are on hand.',
      },
    },
  },
  {
    authorKey: 'sw',
    daysAgo: 61,
    request: {
      title: 'Capacity and a refused nursing home placement',
      setting: 'hospital',
      patient: { age: 88, sex: 'female', state: 'PA' },
      illness: 'dementia',
      question: {
        text: 'She refuses placement and wants to go home alone; the team doubts she has capacity for this choice. How should we approach it?',
        type: 'ethics',
        domains: [8],
        urgency: 'routine',
      },
      narrative: {
        history: 'Moderate dementia and two falls at home recently.',
        ethicalLegal: 'No healthcare proxy named; a niece helps informally.',
      },
    },
    posts: [
      {
        authorKey: 'therapist',
        body: 'A home safety assessment would give the team facts to discuss with her rather than fears.',
        afterHours: 20,
      },
    ],
    escalation: {
      question: 'Assessing decision-specific capacity for going home alone with moderate dementia?',
      domains: [8],
      urgency: 'routine',
      afterHours: 24,
      answer: {
        afterHours: 96,
        restatedQuestion: 'Whether a woman with moderate dementia can decide to return home alone, and what to do if she cannot.',
        recommendations:
          'Assess capacity for this decision only: can she understand, appreciate, reason and express a choice about the risks at home. If she cannot, involve a surrogate and look for the least restrictive option.',
        rationale: 'Capacity is decision-specific; a diagnosis of dementia alone does not settle it.',
      },
    },
  },
  {
    authorKey: 'therapist',
    daysAgo: 45,
    request: {
      title: 'Fatigue and loss of role in early metastatic disease',
      setting: 'clinic',
      patient: { age: 55, sex: 'male', state: 'OR' },
      illness: 'cancer',
      question: {
        text: 'Profound fatigue keeps him from the work he loves. Which interventions have evidence, and how do we set goals with him?',
        type: 'management',
        domains: [2, 3],
        urgency: 'routine',
      },
      esas: {
        pain: 2,
        tiredness: 9,
        drowsiness: 3,
        nausea: 1,
        appetite: 4,
        dyspnea: 2,
        depression: 5,
        anxiety: 4,
        wellbeing: 7,
        completedBy: 'patient',
      },
      pps: 60,
    },
    posts: [
      { authorKey: 'aprn', body: 'Check for anemia, hypothyroidism and medicines that sedate before blaming the cancer.', afterHours: 5 },
      {
        authorKey: 'counselor',
        body: 'He may grieve the lost role more than the energy; a values conversation could help set goals.',
        afterHours: 11,
      },
    ],
    escalation: {
      question: 'Evidence-based options for cancer-related fatigue and a goal-setting approach?',
      domains: [2],
      urgency: 'routine',
      afterHours: 12,
      answer: {
        afterHours: 50,
        restatedQuestion: 'Managing cancer-related fatigue in a man who wants to keep working.',
        recommendations:
          'Treat reversible causes, start graded exercise and energy conservation, and consider a short trial of a corticosteroid if prognosis is limited.',
        rationale: 'Exercise has the strongest evidence; psychostimulants have mixed results.',
      },
    },
  },
  {
    authorKey: 'chaplain',
    daysAgo: 28,
    request: {
      title: 'Spiritual distress and a request for a ritual in hospice',
      setting: 'hospice',
      patient: { age: 67, sex: 'female', state: 'NM' },
      illness: 'liver',
      question: {
        text: 'She asks for a ritual from a tradition she left long ago. How do we honour this without imposing, and who should lead it?',
        type: 'communication',
        domains: [5, 6],
        urgency: 'routine',
      },
      pps: 30,
    },
    posts: [
      { authorKey: 'nurse', body: 'She is calmer in the mornings; that might be the best time for a visit.', afterHours: 8 },
      { authorKey: 'sw', body: 'Her sister could help us find a community leader she would accept.', afterHours: 14 },
    ],
  },
  {
    authorKey: 'pa',
    daysAgo: 5,
    request: {
      title: 'Hiccups that will not stop in advanced liver disease',
      setting: 'hospital',
      patient: { age: 59, sex: 'male', state: 'KY' },
      illness: 'liver',
      question: {
        text: 'Persistent hiccups for three days are exhausting him. What can we try beyond simple measures?',
        type: 'medication',
        domains: [2],
        urgency: 'routine',
      },
      pps: 40,
    },
    posts: [{ authorKey: 'pharm', body: 'Baclofen is often tried; with his liver function the dose must be low.', afterHours: 30 }],
    escalation: {
      question: 'Drug options for intractable hiccups with hepatic impairment?',
      domains: [2],
      urgency: 'routine',
      afterHours: 1,
    },
  },
];

export interface HistorySessionMessage {
  authorKey: string;
  body: string;
  /** Minutes after the start. */
  atMinute: number;
}

export interface HistorySession {
  title: string;
  daysAgo: number;
  /** The facilitator's key (a faculty member). */
  facilitatorKey: string;
  /** Who joined, with the minutes they stayed. */
  attendees: { key: string; minutes: number }[];
  /** Who was called on to speak. */
  turns: string[];
  messages: HistorySessionMessage[];
}

/** Past live sessions (about monthly), with attendance, chat and turns. */
export const DEMO_PAST_SESSIONS: HistorySession[] = [
  {
    title: 'Case conference: methadone rotation in clinic',
    daysAgo: 95,
    facilitatorKey: 'physician',
    attendees: [
      { key: 'physician', minutes: 60 },
      { key: 'aprn', minutes: 60 },
      { key: 'pharm', minutes: 55 },
      { key: 'nurse', minutes: 45 },
      { key: 'pa', minutes: 30 },
    ],
    turns: ['aprn', 'pharm'],
    messages: [
      { authorKey: 'pharm', body: 'Our team uses a three-day fixed dose before any change.', atMinute: 12 },
      { authorKey: 'nurse', body: 'Who follows up by phone between visits?', atMinute: 20 },
      { authorKey: 'aprn', body: 'The clinic nurse calls on day two and day four.', atMinute: 22 },
    ],
  },
  {
    title: 'Case conference: grief and caregiving at home',
    daysAgo: 63,
    facilitatorKey: 'psych',
    attendees: [
      { key: 'psych', minutes: 60 },
      { key: 'counselor', minutes: 60 },
      { key: 'chaplain', minutes: 50 },
      { key: 'sw', minutes: 60 },
      { key: 'therapist', minutes: 40 },
      { key: 'nurse', minutes: 35 },
    ],
    turns: ['counselor', 'chaplain', 'sw'],
    messages: [
      { authorKey: 'chaplain', body: 'Legacy work helped another family in a similar situation.', atMinute: 15 },
      { authorKey: 'sw', body: 'Respite hours are available through the hospice benefit.', atMinute: 26 },
      { authorKey: 'therapist', body: 'An eye-gaze board could let the patient take part in the conversation.', atMinute: 31 },
      { authorKey: 'counselor', body: 'Thank you, I will offer a joint visit next week.', atMinute: 52 },
    ],
  },
  {
    title: 'Case conference: capacity and going home',
    daysAgo: 34,
    facilitatorKey: 'ethicist',
    attendees: [
      { key: 'ethicist', minutes: 60 },
      { key: 'sw', minutes: 60 },
      { key: 'therapist', minutes: 55 },
      { key: 'physician', minutes: 30 },
      { key: 'pa', minutes: 45 },
      { key: 'pharm', minutes: 20 },
    ],
    turns: ['sw', 'therapist'],
    messages: [
      { authorKey: 'therapist', body: 'The home assessment found grab bars missing but good lighting.', atMinute: 18 },
      { authorKey: 'pa', body: 'Could a trial at home with daily visits be the least restrictive option?', atMinute: 33 },
    ],
  },
];
