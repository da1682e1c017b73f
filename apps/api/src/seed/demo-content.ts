import type { CreateCaseRequest, Profession, Role } from '@casebridge/contracts';

/**
 * Demo content: people of the demo cohort and three realistic, de-identified cases (no names,
 * dates, places below state level or other Safe Harbor identifiers). Pure data, so a unit test
 * can check that every text passes the PHI detector.
 */
export const DEMO_COHORT = 'Demo cohort: Palliative Care Community Specialists';

export interface DemoPerson {
  key: string;
  email: string;
  displayName: string;
  profession: Profession;
  role: Role;
  moderator?: boolean;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'nurse', email: 'nurse@demo.casebridge.local', displayName: 'Avery Nurse-Learner', profession: 'nurse', role: 'learner' },
  {
    key: 'sw',
    email: 'socialwork@demo.casebridge.local',
    displayName: 'Jordan Social-Work-Learner',
    profession: 'social_worker',
    role: 'learner',
  },
  {
    key: 'chaplain',
    email: 'chaplain@demo.casebridge.local',
    displayName: 'Sam Chaplain-Learner',
    profession: 'chaplain',
    role: 'learner',
  },
  {
    key: 'pharm',
    email: 'pharmacist@demo.casebridge.local',
    displayName: 'Riley Pharmacist-Learner',
    profession: 'pharmacist',
    role: 'learner',
  },
  {
    key: 'physician',
    email: 'physician@demo.casebridge.local',
    displayName: 'Dr. Morgan Faculty',
    profession: 'physician',
    role: 'faculty',
    moderator: true,
  },
  {
    key: 'psych',
    email: 'psychologist@demo.casebridge.local',
    displayName: 'Dr. Casey Psychology-Faculty',
    profession: 'psychologist',
    role: 'faculty',
  },
  {
    key: 'ethicist',
    email: 'ethicist@demo.casebridge.local',
    displayName: 'Taylor Ethics-Faculty',
    profession: 'ethicist',
    role: 'faculty',
  },
  // The other four professions, so every profession has a demo sign-in (history in demo-history.ts).
  { key: 'aprn', email: 'aprn@demo.casebridge.local', displayName: 'Quinn APRN-Faculty', profession: 'aprn', role: 'faculty' },
  { key: 'pa', email: 'pa@demo.casebridge.local', displayName: 'Rowan PA-Learner', profession: 'physician_assistant', role: 'learner' },
  {
    key: 'therapist',
    email: 'therapist@demo.casebridge.local',
    displayName: 'Drew Therapist-Learner',
    profession: 'therapist',
    role: 'learner',
  },
  {
    key: 'counselor',
    email: 'counselor@demo.casebridge.local',
    displayName: 'Emerson Counselor-Learner',
    profession: 'counselor',
    role: 'learner',
  },
];

export interface DemoCase {
  authorKey: string;
  request: Omit<CreateCaseRequest, 'cohortId'>;
  posts: { authorKey: string; body: string }[];
  escalate?: { question: string; domains: number[]; urgency: 'routine' | 'urgent' };
}

export const DEMO_CASES: DemoCase[] = [
  {
    authorKey: 'nurse',
    request: {
      title: 'Breathlessness at home in advanced COPD: opioid titration',
      setting: 'home',
      patient: { age: 78, sex: 'male', state: 'CO' },
      illness: 'copd',
      question: {
        text: 'How should we start and titrate low-dose opioids for chronic breathlessness, and what should the family watch for?',
        type: 'medication',
        domains: [2, 4],
        professions: ['physician', 'pharmacist'],
        urgency: 'routine',
      },
      esas: {
        pain: 3,
        tiredness: 7,
        drowsiness: 4,
        nausea: 1,
        appetite: 6,
        dyspnea: 8,
        depression: 4,
        anxiety: 7,
        wellbeing: 6,
        completedBy: 'patient',
      },
      pps: 40,
      medications: ['tiotropium', 'salmeterol-fluticasone', 'prednisone 5 mg daily'],
      narrative: {
        history: 'Severe COPD on home oxygen 2 L. Three admissions for exacerbations in the past year; the last one six weeks ago.',
        psychological: 'Panic when breathless at night; wakes the spouse, who is exhausted.',
        social: 'Lives with the spouse in a single-storey home; an adult daughter visits on weekends.',
        goalsOfCare: 'Wants to stay at home and avoid another intensive care stay; no written advance directive yet.',
      },
    },
    posts: [
      {
        authorKey: 'pharm',
        body: 'Morphine 1 mg oral solution every 4 hours as needed is a common start in opioid-naive patients with COPD; a bowel regimen should start the same day.',
      },
      {
        authorKey: 'sw',
        body: 'The spouse sounds close to burnout. Is there a respite option or a caregiver support group we could offer this week?',
      },
      {
        authorKey: 'chaplain',
        body: 'Night-time panic often carries fear of dying alone. A short conversation about what frightens him most might help the plan.',
      },
    ],
    escalate: {
      question:
        'Starting dose and titration schedule of oral morphine for chronic breathlessness with home oxygen; when to stop or switch?',
      domains: [2],
      urgency: 'routine',
    },
  },
  {
    authorKey: 'sw',
    request: {
      title: 'Family disagreement about artificial nutrition in advanced dementia',
      setting: 'long_term_care',
      patient: { age: 86, sex: 'female', state: 'OH' },
      illness: 'dementia',
      question: {
        text: "The two adult children disagree about a feeding tube. How can the team lead a family meeting that centres the patient's prior values?",
        type: 'communication',
        domains: [4, 8],
        professions: ['ethicist', 'social_worker'],
        urgency: 'routine',
      },
      pps: 30,
      narrative: {
        history: 'Advanced dementia (FAST 7a) with recurrent aspiration; weight loss of 10 % over three months.',
        social: 'The son is the healthcare proxy; the daughter lives out of state and calls the unit daily.',
        spiritual: 'Raised in a faith tradition; the family is unsure how it would guide this choice.',
        ethicalLegal: 'Surrogate decision-maker in place; no documented wishes about tube feeding.',
      },
    },
    posts: [
      {
        authorKey: 'chaplain',
        body: 'It may help to ask each child what their mother valued most when she was well, before discussing the tube itself.',
      },
    ],
  },
  {
    authorKey: 'chaplain',
    request: {
      title: 'Existential distress in a younger adult with metastatic cancer',
      setting: 'hospice',
      patient: { age: 42, sex: 'other', state: 'WA' },
      illness: 'cancer',
      question: {
        text: 'Persistent hopelessness and a request to "just sleep until the end". How do we assess existential suffering versus depression, and is palliative sedation a consideration?',
        type: 'ethics',
        domains: [3, 5, 8],
        professions: ['psychologist', 'ethicist', 'chaplain'],
        urgency: 'urgent',
      },
      esas: {
        pain: 4,
        tiredness: 8,
        drowsiness: 5,
        nausea: 2,
        appetite: 7,
        dyspnea: 2,
        depression: 8,
        anxiety: 6,
        wellbeing: 8,
        completedBy: 'assisted',
      },
      pps: 30,
      narrative: {
        history: 'Metastatic colorectal cancer, progression after third-line therapy; enrolled in hospice four weeks ago.',
        psychological: 'PHQ-9 of 19; sleeps most of the day; denies a plan to end life.',
        spiritual: 'Says life has lost meaning since stopping work; estranged from the faith community.',
        goalsOfCare: 'Comfort-focused; full code status was changed to DNR last week.',
      },
    },
    posts: [
      {
        authorKey: 'nurse',
        body: 'Pain scores are controlled on the current long-acting opioid, so the distress does not look driven by physical symptoms.',
      },
    ],
  },
];

export const DEMO_SESSION = {
  title: 'Case conference: breathlessness at home',
  /** Starts this many hours after the seed runs. */
  startsInHours: 24,
};
