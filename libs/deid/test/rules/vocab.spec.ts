import { vocab } from './harness';

describe('Vocab', () => {
  test('English, given names, surnames', () => {
    const v = vocab();
    expect(v.isEng('table')).toBe(true);
    expect(v.isEng('well-known')).toBe(true);
    expect(v.isFirst('maria')).toBe(true);
    expect(v.isLast('nguyen')).toBe(true);
  });
  test('hard-safe vocabulary and soft-safe places', () => {
    const v = vocab();
    expect(v.hardSafe('monday')).toBe(true);
    expect(v.hardSafe('morphine')).toBe(true);
    expect(v.softSafe('georgia')).toBe(true);
    expect(v.safeWord('window')).toBe(true);
    expect(v.safeWord('cvp')).toBe(true);
    expect(v.safeWord('zdenka')).toBe(false);
  });
  test('medical-looking words by suffix', () => {
    const v = vocab();
    expect(v.medical('oxycodone', false)).toBe(true);
    expect(v.medical('kowalczyk', true)).toBe(false);
  });
  test('words the model alone may not call a name or place: disease endings, British spellings too', () => {
    const v = vocab();
    for (const w of ['dyspnea', 'dyspnoea', 'anaemia', 'haemorrhage', 'diarrhoea']) expect(v.modelSafeWord(w)).toBe(true);
    // given names and surnames stay names whatever their ending
    for (const w of ['paloma', 'zdenka']) expect(v.modelSafeWord(w)).toBe(false);
  });
});
