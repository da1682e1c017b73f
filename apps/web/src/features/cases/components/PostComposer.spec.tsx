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
