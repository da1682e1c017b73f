import { describeFilters, filtersFromParams, paramsFromFilters, toQuery } from './case-filters';

describe('case list filters in the URL', () => {
  it('round-trips every filter through the URL in a canonical order', () => {
    const f = filtersFromParams(
      new URLSearchParams('followed=1&pps=0-30&esasHigh=1&responder=pharmacist&illness=copd&status=open&domain=7&q=secretions'),
    );
    expect(f).toEqual({
      q: 'secretions',
      domain: 7,
      status: 'open',
      illness: 'copd',
      pps: '0-30',
      esasHigh: true,
      responder: 'pharmacist',
      followed: true,
    });
    expect(paramsFromFilters(f).toString()).toBe(
      'q=secretions&domain=7&status=open&illness=copd&pps=0-30&esasHigh=1&responder=pharmacist&followed=1',
    );
  });

  it('maps to the api query: a PPS band becomes ppsMin/ppsMax, the responder its profession', () => {
    expect(toQuery({ pps: '40-60', responder: 'chaplain', esasHigh: true, followed: true })).toEqual({
      ppsMin: 40,
      ppsMax: 60,
      responderProfession: 'chaplain',
      esasHigh: true,
      followed: true,
      limit: 20,
    });
    expect(toQuery({})).toEqual({ limit: 20 });
  });

  it('drops values the api would refuse (a hand-edited link) instead of failing the page', () => {
    const f = filtersFromParams(
      new URLSearchParams('pps=45&domain=9&status=pending&illness=flu&responder=wizard&cohortId=nope&esasHigh=yes&q=%20%20'),
    );
    expect(f).toEqual({});
  });

  it('says the active filters in words', () => {
    expect(describeFilters({ pps: '0-30', esasHigh: true, responder: 'social_worker', followed: true })).toEqual([
      'PPS 0–30%',
      'an ESAS-r item 7 or more',
      'with posts by a social worker',
      'followed by me',
    ]);
  });
});
