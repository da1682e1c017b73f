import { PHI_TYPES, type PhiType } from '@casebridge/contracts';
import { detectPhi, scanFields } from '../src';

const typeOf = (text: string, needle: string): PhiType | undefined => {
  const i = text.indexOf(needle);
  return detectPhi(text).find((s) => s.start < i + needle.length && i < s.end)?.type;
};

describe('each Safe Harbor category gets its contract type', () => {
  const cases: Array<[PhiType, string, string]> = [
    ['NAME', 'Seen with Mr. Abernathy today.', 'Abernathy'],
    ['LOCATION', 'She lives at 14 Birch Lane, Dover, DE 19901.', '14 Birch Lane'],
    ['LOCATION', 'Admitted to Riverside Methodist Hospital overnight.', 'Riverside Methodist Hospital'],
    ['DATE', 'Admitted on March 3, 2024 for pain.', 'March 3, 2024'],
    ['AGE', 'A 97-year-old man with COPD.', '97'],
    ['PHONE', 'Call the son at 614-555-0199.', '614-555-0199'],
    ['FAX', 'Fax records to (614) 555-0100.', '(614) 555-0100'],
    ['EMAIL', 'Email jdoe@example.org with updates.', 'jdoe@example.org'],
    ['SSN', 'SSN 123-45-6789 on the form.', '123-45-6789'],
    ['MRN', 'MRN 00412345 was used.', '00412345'],
    ['HEALTH_PLAN', 'Member ID XKH228811903 verified.', 'XKH228811903'],
    ['ACCOUNT', 'Billing account 4412009981 is overdue.', '4412009981'],
    ['LICENSE', 'Prescriber DEA AB1234563 on file.', 'AB1234563'],
    ['VEHICLE', 'His truck, VIN 1FTFW1ET5DFC10312, was sold.', '1FTFW1ET5DFC10312'],
    ['DEVICE', 'ICD serial PJN447210R interrogated.', 'PJN447210R'],
    ['URL', 'Updates at https://www.caringbridge.org/visit/janedoe.', 'https://www.caringbridge.org/visit/janedoe'],
    ['IP', 'Portal login from 198.51.100.7 flagged.', '198.51.100.7'],
    ['OTHER_ID', 'Research study ID PAL-44812 assigned.', 'PAL-44812'],
  ];
  test.each(cases)('%s: %s', (type, text, needle) => {
    expect(typeOf(text, needle)).toBe(type);
  });
  test('every contract type is exercised', () => {
    const covered = new Set(cases.map((c) => c[0]));
    expect(PHI_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe('API shape', () => {
  const text = 'Mr. Brandt (MRN 5512093) was seen on 03/04/2024 with his daughter, Keisha, at 12 Oak Street, Akron, OH.';
  test('spans are sorted, non-overlapping and inside the text', () => {
    const spans = detectPhi(text);
    expect(spans.length).toBeGreaterThan(4);
    for (let i = 0; i < spans.length; i++) {
      expect(spans[i].start).toBeGreaterThanOrEqual(0);
      expect(spans[i].end).toBeLessThanOrEqual(text.length);
      expect(spans[i].start).toBeLessThan(spans[i].end);
      if (i) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
  });
  test('deterministic', () => {
    expect(detectPhi(text)).toEqual(detectPhi(text));
  });
  test('suggestions never contain the identifying text', () => {
    const samples = [text, 'A 94-year-old woman, DOB 02/03/1930, from Wichita; her son Mark Delaney called 316-555-0101.'];
    for (const t of samples) {
      for (const s of detectPhi(t)) {
        const original = t.slice(s.start, s.end);
        expect(s.suggestion).toBeDefined();
        expect(s.suggestion!.toLowerCase()).not.toContain(original.toLowerCase());
        if (/^\[.*\]$/.test(s.suggestion!)) continue; // placeholders like "[county]" carry no original words
        for (const word of original.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2 && !/^(?:19|20)\d\d$/.test(w))) {
          expect(s.suggestion!.toLowerCase()).not.toContain(word.toLowerCase());
        }
      }
    }
  });
  test('useful rewrites: ages 90+, year only, state only, relation', () => {
    const t = 'A 94-year-old from Wichita was admitted 06/10/2023. His daughter, Carla, flew in. Carla asked about hospice.';
    const by = (needle: string) => {
      const i = t.lastIndexOf(needle);
      return detectPhi(t).find((s) => s.start <= i && i < s.end)?.suggestion;
    };
    expect(by('94')).toBe('90+');
    expect(by('06/10/2023')).toBe('2023');
    expect(by('Wichita')).toBe('Kansas');
    expect(by('Carla asked')).toBe("the patient's daughter");
  });
  test('empty and PHI-free text', () => {
    expect(detectPhi('')).toEqual([]);
    expect(detectPhi('Pain 7/10 on morphine 5 mg q4h; PPS 40%.')).toEqual([]);
  });
  test('scanFields reports field names and offsets, never text', () => {
    const findings = scanFields({ title: 'Question about Mrs. Okafor', body: 'Call 614-555-0199', empty: undefined, clean: 'stage IV' });
    expect(findings.map((f) => [f.field, f.type])).toEqual([
      ['title', 'NAME'],
      ['body', 'PHONE'],
    ]);
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(['end', 'field', 'start', 'suggestion', 'type']);
  });
});
