import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../../lib/api';
import { setDetectorForTests } from '../../../lib/phi';
import type { Member } from '../api/cases.api';
import { PostComposer } from './PostComposer';

const members: Member[] = [
  { id: 'u1', displayName: 'Alma Reyes', profession: 'chaplain', role: 'learner' },
  { id: 'u2', displayName: 'Alan Park', profession: 'pharmacist', role: 'faculty' },
  { id: 'u3', displayName: 'Bea Cruz', profession: 'nurse', role: 'learner' },
];

beforeEach(() => setDetectorForTests(null));

function setup(send = jest.fn(async () => undefined)) {
  render(<PostComposer caseId="c1" members={members} replyTo={null} onCancelReply={() => undefined} send={send} />);
  return { send, box: screen.getByRole('textbox', { name: 'Add to the discussion' }) };
}

describe('PostComposer', () => {
  it('suggests cohort members after @ and inserts the chosen name with the keyboard', async () => {
    const { box } = setup();
    await userEvent.type(box, 'Ask @Al');
    const list = screen.getByRole('listbox', { name: 'People to mention' });
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveTextContent(/Alma Reyes.*Chaplain/);
    expect(options[1]).toHaveTextContent(/Alan Park.*Pharmacist/);
    expect(box).toHaveAttribute('aria-activedescendant', options[0].id);
    await userEvent.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[1].id);
    await userEvent.keyboard('{Enter}');
    expect(box).toHaveValue('Ask @Alan Park ');
    expect(list).not.toBeInTheDocument();
  });

  it('closes the suggestions on Escape', async () => {
    const { box } = setup();
    await userEvent.type(box, '@B');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('posts with Ctrl+Enter and clears the box', async () => {
    const { box, send } = setup();
    await userEvent.type(box, 'A fan may help dyspnea.');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(send).toHaveBeenCalledWith({ body: 'A fan may help dyspnea.', parentId: undefined, anonymous: false });
    expect(box).toHaveValue('');
  });

  it('gives the text back with the server findings highlighted when the gate refuses it', async () => {
    const send = jest.fn(async () => {
      throw new ApiError(422, 'PRIVACY.PHI_DETECTED', 'PHI', { findings: [{ field: 'body', start: 11, end: 16, type: 'NAME' }] });
    });
    const { box } = setup(send);
    await userEvent.type(box, 'I spoke to Maria today.');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    await waitFor(() => expect(box).toHaveValue('I spoke to Maria today.'));
    expect(screen.getByRole('alert')).toHaveTextContent('Not posted');
    expect(document.querySelector('mark.phi-mark')).toHaveTextContent('Maria');
    expect(screen.getByText(/refused by the server check/)).toBeInTheDocument();
  });
});

jest.mock('../../privacy/api/privacy.api', () => ({ submitOverride: jest.fn(async () => ({ reviewId: 'r1' })) }));

describe('PostComposer and the privacy gate', () => {
  /** Flags capitalised pairs and "Hope Lodge" as names, like the real detector does with people's names. */
  const names = (text: string) =>
    [...text.matchAll(/Alan Park|Hope Lodge|Maria/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      type: 'NAME' as const,
      suggestion: 'the person',
    }));

  it('never flags a mention picked from the list, but flags the same kind of name elsewhere', async () => {
    setDetectorForTests(names);
    const { box } = setup();
    await userEvent.type(box, 'Ask @Al');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await userEvent.type(box, 'about Maria');
    await waitFor(() => expect(document.querySelectorAll('mark.phi-mark')).toHaveLength(1), { timeout: 10_000 });
    expect(document.querySelector('mark.phi-mark')).toHaveTextContent('Maria');
  });

  it('sends a post whose only findings are marked "Not an identifier" to a moderator, with a reason for each', async () => {
    const { submitOverride } = jest.requireMock<{ submitOverride: jest.Mock }>('../../privacy/api/privacy.api');
    setDetectorForTests(names);
    const text = 'Started Hope Lodge protocol.';
    const send = jest.fn(async () => {
      throw new ApiError(422, 'PRIVACY.PHI_DETECTED', 'PHI', { findings: [{ field: 'body', start: 8, end: 18, type: 'NAME' }] });
    });
    const { box } = setup(send);
    await userEvent.type(box, text);
    await userEvent.click(await screen.findByRole('button', { name: '“Hope Lodge” is not an identifier' }, { timeout: 10_000 }));
    expect(screen.getByText(/marked not an identifier/)).toBeInTheDocument();
    expect(box).not.toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    const review = await screen.findByRole('region', { name: 'Send for privacy review' }, { timeout: 10_000 });
    const sendButton = screen.getByRole('button', { name: 'Send for review' });
    expect(sendButton).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /“Hope Lodge”.*does not identify/ }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Why “Hope Lodge” is not an identifier' }), 'The name of a care protocol');
    await userEvent.click(sendButton);
    await waitFor(() => expect(submitOverride).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    const [target, payload, confirmations] = submitOverride.mock.calls[0] as [
      string,
      { caseId: string; body: string; clientId: string },
      unknown[],
    ];
    expect(target).toBe('post');
    expect(payload).toMatchObject({ caseId: 'c1', body: text });
    expect(confirmations).toEqual([{ field: 'body', start: 8, end: 18, reason: 'The name of a care protocol' }]);
    await waitFor(() => expect(review).not.toBeInTheDocument());
    expect(box).toHaveValue('');
    expect(screen.getByText(/Sent for privacy review/)).toBeInTheDocument();
  });

  it('keeps refusing when the server finds something the author did not mark', async () => {
    setDetectorForTests(names);
    const send = jest.fn(async () => {
      throw new ApiError(422, 'PRIVACY.PHI_DETECTED', 'PHI', {
        findings: [
          { field: 'body', start: 8, end: 18, type: 'NAME' },
          { field: 'body', start: 31, end: 36, type: 'NAME' },
        ],
      });
    });
    const { box } = setup(send);
    await userEvent.type(box, 'Started Hope Lodge protocol with Maria.');
    await userEvent.click(await screen.findByRole('button', { name: '“Hope Lodge” is not an identifier' }, { timeout: 10_000 }));
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Not posted'), { timeout: 10_000 });
    expect(screen.queryByRole('region', { name: 'Send for privacy review' })).toBeNull();
  });
});
