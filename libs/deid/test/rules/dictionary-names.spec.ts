import { allCapsNames, lastCommaFirst, lowercaseNames, nameSequences, singleCapitalised } from '../../src/rules/dictionary-names';
import { labelled } from './harness';

describe('R5 name sequences', () => {
  test('given name + surname', () => {
    expect(labelled('We met Stanley Delgado yesterday.', nameSequences)).toEqual(['NAME:Stanley', 'NAME:Delgado']);
  });
  test('Title Case clinical phrases are not names', () => {
    expect(labelled('Palliative Performance Scale was 40%.', nameSequences)).toEqual([]);
  });
  test('"LAST, First"', () => {
    expect(labelled('Patient: OYELARAN, Folasade', lastCommaFirst)).toEqual(['NAME:OYELARAN', 'NAME:Folasade']);
    expect(labelled('moved from Akron, Ohio', lastCommaFirst)).toEqual([]);
  });
});

describe('R6 single capitalised words', () => {
  test('a capitalised non-English, non-clinical word mid-sentence', () => {
    expect(labelled('Then Zdenka brought photos.', singleCapitalised)).toEqual(['NAME:Zdenka']);
  });
  test('drugs and clinical words stay clear', () => {
    expect(labelled('Started Haloperidol and Dexamethasone.', singleCapitalised)).toEqual([]);
  });
});

describe('R6b ALL-CAPS names', () => {
  test('two ALL-CAPS dictionary names side by side', () => {
    expect(labelled('SEEN BY ZDENKA KOWALCZYK TODAY', allCapsNames)).toEqual(['NAME:ZDENKA', 'NAME:KOWALCZYK']);
  });
  test('ALL-CAPS shorthand stays clear', () => {
    expect(labelled('NEURO: PERRLA, MAE. RESP: LS CLEAR', allCapsNames)).toEqual([]);
  });
});

describe('R7 lowercase names', () => {
  test('lowercase given name + surname', () => {
    expect(labelled('spoke with zdenka kowalczyk re plan', lowercaseNames)).toEqual(['NAME:zdenka', 'NAME:kowalczyk']);
  });
  test('lowercase clinical shorthand stays clear', () => {
    expect(labelled('pt on levo, foley draining, abd soft', lowercaseNames)).toEqual([]);
  });
});
