import { detectPhi } from '../src';

test('a 2,000-character post scans in a few milliseconds', () => {
  const base =
    'Mr. Delgado, 94, was admitted to Valley Regional Medical Center on 06/10/2023 with pain 8/10 on morphine 5 mg q4h. His daughter Carla (614-555-0199) asked about hospice. PPS 40%, ESAS pain 7/10. ';
  let text = '';
  while (text.length < 2000) text += base;
  text = text.slice(0, 2000);
  detectPhi(text); // warm up (loads dictionaries)
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    detectPhi(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  // generous bound for shared CI machines; bench:deid reports the real numbers
  // (bench:deid measures a 3.6 ms median for rules + model at load 1.5; 30 ms leaves room for a
  // loaded 2-core CI machine and for jest's slower globals)
  expect(times[15]).toBeLessThan(30);
});
