import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PhiSpan } from '@casebridge/contracts';
import { DRAFT_PREFIX } from '../../../lib/drafts';
import { setDetectorForTests } from '../../../lib/phi';
import { emptyDraft } from '../hooks/composer-model';
import { renderSignedIn, stubFetch } from '../../../test/render';
import CaseComposerPage from './CaseComposerPage';

jest.mock('../../../lib/socket', () => jest.requireActual('../../../test/socket-mock').socketMock);

/** A stand-in detector: flags capitalised names after "daughter" and 3-3-4 phone numbers. */
function fakeDetector(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (const m of text.matchAll(/daughter ([A-Z][a-z]+)/g))
    out.push({ start: m.index! + 9, end: m.index! + 9 + m[1].length, type: 'NAME', suggestion: 'the daughter' });
  for (const m of text.matchAll(/\d{3}-\d{3}-\d{4}/g)) out.push({ start: m.index!, end: m.index! + m[0].length, type: 'PHONE' });
  return out;
}

beforeEach(() => {
  stubFetch((url) => (url === '/api/cohorts' ? { body: [{ id: 'a'.repeat(24), name: 'Cohort 2025', createdAt: '' }] } : undefined));
});

describe('case composer', () => {
  it('highlights a possible identifier while typing, with its type and suggested rewrite', async () => {
    setDetectorForTests(fakeDetector);
    renderSignedIn(<CaseComposerPage />);
    const social = screen.getByRole('textbox', { name: 'Social' });
    await userEvent.type(social, 'Lives with her daughter Maria, phone 303-555-0199.');
    await waitFor(() => expect(document.querySelectorAll('mark.phi-mark')).toHaveLength(2));
    const marks = [...document.querySelectorAll('mark.phi-mark')].map((m) => [m.textContent, m.getAttribute('data-type')]);
    expect(marks).toEqual([
      ['Maria', 'NAME'],
      ['303-555-0199', 'PHONE'],
    ]);
    expect(social).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Phone number')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Use suggestion “the daughter”/ }));
    expect(social).toHaveValue('Lives with her daughter the daughter, phone 303-555-0199.');
  });

  it('keeps the draft in localStorage across a reload', async () => {
    setDetectorForTests(null);
    const first = renderSignedIn(<CaseComposerPage />);
    await userEvent.type(screen.getByRole('textbox', { name: /^Title/ }), 'Dyspnea at home');
    await userEvent.type(screen.getByRole('textbox', { name: 'Goals of care' }), 'Wants to stay at home.');
    await waitFor(() => expect(screen.getByText(/Draft saved/)).toBeInTheDocument(), { timeout: 5000 });
    // under load a save can land between keystrokes: wait for the one that holds the last text
    await waitFor(() => expect(localStorage.getItem('casebridge.draft.case-composer')).toContain('Wants to stay at home.'), {
      timeout: 5000,
    });
    first.unmount();
    renderSignedIn(<CaseComposerPage />);
    expect(screen.getByRole('textbox', { name: /^Title/ })).toHaveValue('Dyspnea at home');
    expect(screen.getByRole('textbox', { name: 'Goals of care' })).toHaveValue('Wants to stay at home.');
  });

  it('will not post while identifiers are highlighted and says why', async () => {
    setDetectorForTests(fakeDetector);
    renderSignedIn(<CaseComposerPage />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Social' }), 'Call 303-555-0199');
    await waitFor(() => expect(document.querySelector('mark.phi-mark')).not.toBeNull());
    await userEvent.click(screen.getByRole('button', { name: 'Post case' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The case was not posted');
    expect(alert).toHaveTextContent('1 possible identifier is still highlighted');
    expect(alert).toHaveTextContent('Confirm that the case is de-identified');
  });

  it('falls back to the server scan when the detector is not in the bundle', async () => {
    setDetectorForTests(null);
    const fetchMock = stubFetch((url, init) => {
      if (url === '/api/cohorts') return { body: [] };
      if (url === '/api/privacy/scan') {
        const { fields } = JSON.parse(String(init.body)) as { fields: Record<string, string> };
        const text = fields['narrative.spiritual'] ?? '';
        const at = text.indexOf('St. Mary');
        return { body: { findings: at >= 0 ? [{ field: 'narrative.spiritual', start: at, end: at + 8, type: 'LOCATION' }] : [] } };
      }
      return undefined;
    });
    renderSignedIn(<CaseComposerPage />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Spiritual' }), 'Attends St. Mary weekly');
    await act(async () => new Promise((r) => setTimeout(r, 700)));
    await waitFor(() => expect(document.querySelector('mark.phi-mark')).toHaveTextContent('St. Mary'));
    expect(fetchMock.mock.calls.some(([u]) => u === '/api/privacy/scan')).toBe(true);
    expect(screen.getByText(/runs on the server/)).toBeInTheDocument();
  });
});

describe('case composer and the privacy gate', () => {
  const cohortId = 'a'.repeat(24);
  /** A complete, valid draft, as the composer saves it, with one false positive in the social history. */
  function seedDraft(social: string) {
    const draft = {
      ...emptyDraft(),
      cohortId,
      title: 'Dyspnea at home',
      setting: 'home',
      age: '78',
      sex: 'female',
      state: 'CO',
      illness: 'copd',
      questionText: 'How should we titrate opioids for breathlessness?',
      questionType: 'medication',
      domains: ['2'],
      urgency: 'routine',
      esasEnabled: false,
      attestation: true,
    };
    draft.narrative = { ...draft.narrative, social };
    localStorage.setItem(`${DRAFT_PREFIX}case-composer`, JSON.stringify(draft));
  }
  afterEach(() => localStorage.clear());

  it('does not flag a mention of a cohort colleague, and sends a case whose only finding is marked "Not an identifier" for review', async () => {
    const social = 'Seen with @Alma Reyes; daughter Hope lives nearby.';
    seedDraft(social);
    const at = social.indexOf('Hope');
    const names = (text: string): PhiSpan[] =>
      [...text.matchAll(/Alma Reyes|Hope/g)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        type: 'NAME' as const,
        suggestion: 'the person',
      }));
    setDetectorForTests(names);
    const calls: { url: string; body: unknown }[] = [];
    stubFetch((url, init) => {
      if (init.body) calls.push({ url, body: JSON.parse(String(init.body)) });
      if (url === '/api/cohorts') return { body: [{ id: cohortId, name: 'Cohort 2025', createdAt: '' }] };
      if (url === `/api/cohorts/${cohortId}/members`)
        return { body: [{ id: 'u1', displayName: 'Alma Reyes', profession: 'chaplain', role: 'learner' }] };
      if (url === '/api/cases') {
        return {
          status: 422,
          body: {
            error: {
              code: 'PRIVACY.PHI_DETECTED',
              message: 'x',
              details: { findings: [{ field: 'narrative.social', start: at, end: at + 4, type: 'NAME' }] },
            },
          },
        };
      }
      if (url === '/api/privacy/overrides') return { status: 202, body: { reviewId: 'r1' } };
      return undefined;
    });
    renderSignedIn(<CaseComposerPage />);
    // the mention is not flagged once the cohort's members are known; "Hope" is
    await waitFor(() => expect([...document.querySelectorAll('mark.phi-mark')].map((m) => m.textContent)).toEqual(['Hope']), {
      timeout: 10_000,
    });
    await userEvent.click(screen.getByRole('button', { name: '“Hope” is not an identifier' }));
    await userEvent.click(screen.getByRole('button', { name: 'Post case' }));
    await screen.findByRole('region', { name: 'Send for privacy review' }, { timeout: 10_000 });
    await userEvent.click(screen.getByRole('checkbox', { name: /“Hope”.*does not identify/ }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Why “Hope” is not an identifier' }), 'It is the word hope');
    await userEvent.click(screen.getByRole('button', { name: 'Send for review' }));
    await screen.findByText(/Sent for privacy review/, {}, { timeout: 10_000 });
    const override = calls.find((c) => c.url === '/api/privacy/overrides')!.body as {
      target: string;
      payload: { narrative: { social: string } };
      confirmations: unknown[];
    };
    expect(override.target).toBe('case');
    expect(override.payload.narrative.social).toBe(social);
    expect(override.confirmations).toEqual([{ field: 'narrative.social', start: at, end: at + 4, reason: 'It is the word hope' }]);
  });
});
