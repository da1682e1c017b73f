import { CreateCaseRequest } from '@casebridge/contracts';
import { schemaIssues } from '../../../lib/forms';
import { emptyDraft, normaliseAge, serverSpansByField, textFields, toRequest, type CaseDraft } from './composer-model';

function filled(): CaseDraft {
  const d = emptyDraft();
  return {
    ...d,
    cohortId: 'a'.repeat(24),
    title: 'Refractory dyspnea in COPD',
    setting: 'home',
    age: '93',
    sex: 'female',
    state: 'CO',
    illness: 'copd',
    questionText: 'How to titrate opioids for breathlessness?',
    questionType: 'medication',
    domains: ['2', '7'],
    urgency: 'routine',
    esas: { pain: 3, tiredness: 7, drowsiness: 2, nausea: 0, appetite: 5, dyspnea: 9, depression: 4, anxiety: 6, wellbeing: 6 },
    pps: '40',
    medications: 'morphine 5 mg PO q4h\n\n  lorazepam 0.5 mg SL PRN',
    attestation: true,
  };
}

describe('composer model', () => {
  it('caps ages over 89 at "90+" (Safe Harbor C)', () => {
    expect(normaliseAge('89')).toBe(89);
    expect(normaliseAge('90')).toBe('90+');
    expect(normaliseAge('104')).toBe('90+');
    expect(normaliseAge('90+')).toBe('90+');
    expect(normaliseAge('')).toBeUndefined();
  });

  it('builds a request the contract schema accepts, leaving empty optional parts out', () => {
    const req = toRequest(filled());
    expect(schemaIssues(CreateCaseRequest, req)).toEqual([]);
    expect(req.patient.age).toBe('90+');
    expect(req.pps).toBe(40);
    expect(req.medications).toEqual(['morphine 5 mg PO q4h', 'lorazepam 0.5 mg SL PRN']);
    expect(req.narrative).toBeUndefined();
    expect(req.question.domains).toEqual([2, 7]);
  });

  it('reports missing required parts by their contract paths', () => {
    const paths = schemaIssues(CreateCaseRequest, toRequest(emptyDraft())).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'setting', 'illness']));
  });

  it('names its texts like the server gate does and maps list findings back to the lines', () => {
    const d = filled();
    expect(Object.keys(textFields(d))).toEqual(expect.arrayContaining(['title', 'question.text', 'narrative.social', 'medications']));
    const spans = serverSpansByField(d, [
      { field: 'medications.1', start: 0, end: 9, type: 'OTHER_ID' },
      { field: 'narrative.social', start: 4, end: 9, type: 'NAME' },
    ]);
    // item 1 is "lorazepam…" on the third line, after two leading spaces
    expect(d.medications.slice(spans.medications[0].start, spans.medications[0].end)).toBe('lorazepam');
    expect(spans['narrative.social']).toEqual([{ start: 4, end: 9, type: 'NAME' }]);
  });
});
