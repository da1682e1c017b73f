import { countiesAndStates, dictionaryCities, facilityRuns, lowercaseCities, lowercaseFacilities } from '../../src/rules/places';
import { emitted, labelled } from './harness';

describe('places', () => {
  test('lowercase city after a place preposition', () => {
    expect(labelled('she lives in akron with her son', lowercaseCities)).toEqual(['LOCATION:akron']);
    expect(labelled('pain in back', lowercaseCities)).toEqual([]);
  });
  test('lowercase facility after a preposition', () => {
    expect(emitted('admitted to pine hollow nursing home', lowercaseFacilities)).toEqual(['LOCATION:pine hollow nursing home']);
    expect(emitted('plan for home hospice support', lowercaseFacilities)).toEqual([]);
  });
  test('Title Case facility names, without a leading "The"', () => {
    expect(emitted('Transferred from The Valley Regional Medical Center.', facilityRuns)).toEqual([
      'LOCATION:Valley Regional Medical Center',
    ]);
    expect(emitted('Eligible for the Medicare Hospice Benefit.', facilityRuns)).toEqual([]);
  });
  test('counties and City, ST', () => {
    expect(emitted('Lives in Bernalillo County.', countiesAndStates)).toEqual(['LOCATION:Bernalillo County']);
    expect(emitted('moved to Dayton, OH 45402', countiesAndStates)).toEqual(['LOCATION:Dayton']);
    expect(emitted('Note by Helen Cho, MD', countiesAndStates)).toEqual([]);
  });
  test('dictionary cities: multi-word anywhere, single word after a preposition', () => {
    expect(emitted('Family drove from Yellow Springs overnight.', dictionaryCities)).toEqual(['LOCATION:Yellow Springs']);
    expect(emitted('She grew up in Dayton.', dictionaryCities)).toEqual(['LOCATION:Dayton']);
  });
});
