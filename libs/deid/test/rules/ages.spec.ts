/** Ages over 89 in shorthand (invented examples): the rule pass must find them on its own. */
import { patternCandidates } from '../../src/patterns';

const ages = (text: string): string[] =>
  patternCandidates(text, 2026)
    .filter((c) => c.type === 'AGE')
    .map((c) => text.slice(c.start, c.end));

test.each([
  ['Frail widow (93 y) admitted from home.', '93'],
  ['Seen with her father (101 yrs), alert.', '101'],
  ['Patient aged ninety-four, lives alone.', 'ninety-four'],
])('%s', (text, age) => {
  expect(ages(text)).toEqual([age]);
});

test('ages under 90 in parentheses stay allowed, and so do other parenthesised numbers', () => {
  expect(ages('Widow (73 y) admitted; EF (35%).')).toEqual([]);
});
