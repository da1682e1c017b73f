import { fieldLabel, plainMessage, readEsasScore, sortProblems } from './case-form-errors';

describe('case form problems in plain language', () => {
  it('says what to do instead of repeating the validator', () => {
    expect(plainMessage('cohortId', 'Required')).toBe('Choose the cohort to post the case in.');
    expect(plainMessage('esas.dyspnea', 'Required')).toBe('Enter a score from 0 to 10.');
    expect(fieldLabel('esas.dyspnea')).toBe('Shortness of breath (ESAS-r)');
    expect(plainMessage('domains', 'Expected array length to be greater or equal to 1')).toBe('Choose at least one NCP domain.');
    expect(plainMessage('title', 'Expected string length less or equal to 200')).toBe('Shorten it to 200 characters or fewer.');
    expect(fieldLabel('narrative.goalsOfCare')).toBe('Narrative: goals of care');
    for (const m of [plainMessage('cohortId', 'Required'), plainMessage('age', 'Required')])
      expect(m).not.toMatch(/Expected|Required|cohortId/);
  });

  it('orders problems as the form reads, whole-form problems last', () => {
    const sorted = sortProblems([
      { field: null, label: '', message: 'x' },
      { field: 'esas.pain', label: '', message: 'x' },
      { field: 'cohortId', label: '', message: 'x' },
      { field: 'domains', label: '', message: 'x' },
    ]);
    expect(sorted.map((p) => p.field)).toEqual(['cohortId', 'domains', 'esas.pain', null]);
  });

  it('never silently changes an ESAS-r entry: off-scale and fractional values get a warning and no score', () => {
    expect(readEsasScore('7')).toEqual({ score: 7 });
    expect(readEsasScore(' 0 ')).toEqual({ score: 0 });
    expect(readEsasScore('')).toEqual({ score: null });
    expect(readEsasScore('12')).toEqual({ score: null, warning: '12 is off the scale: ESAS-r goes from 0 (none) to 10 (worst possible).' });
    expect(readEsasScore('7.5')).toEqual({ score: null, warning: 'ESAS-r uses whole numbers: choose 7 or 8.' });
    expect(readEsasScore('-1').score).toBeNull();
    expect(readEsasScore('high').warning).toBe('Use a number from 0 to 10.');
  });
});
