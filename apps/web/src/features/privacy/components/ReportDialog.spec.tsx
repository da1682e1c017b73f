import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stubFetch } from '../../../test/render';
import { ReportDialog, selectionOf } from './ReportDialog';

const post = { id: 'p'.repeat(24), body: 'Met the Son, Mark, at the clinic.' };

describe('report dialog', () => {
  it('finds the reporter’s words in the post, exactly or ignoring case', () => {
    expect(selectionOf(post.body, 'Mark')).toEqual({ start: 13, end: 17 });
    expect(selectionOf(post.body, ' son ')).toEqual({ start: 8, end: 11 });
    expect(selectionOf(post.body, 'Boulder')).toBeNull();
  });

  it('sends the reason and the words as offsets (never the words), then reports back', async () => {
    const sent: unknown[] = [];
    stubFetch((url, init) => {
      if (url === `/api/posts/${post.id}/report`) {
        sent.push(JSON.parse(String(init.body)));
        return { status: 202, body: { status: 'hidden' } };
      }
      return undefined;
    });
    const onReported = jest.fn();
    render(<ReportDialog post={post} onClose={() => undefined} onReported={onReported} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Which words/ }), 'Boulder');
    expect(screen.getByText(/not in the post/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Report and hide' })).toBeDisabled();
    await userEvent.clear(screen.getByRole('textbox', { name: /Which words/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Which words/ }), 'Mark');
    await userEvent.type(screen.getByRole('textbox', { name: /Why/ }), 'names the son');
    await userEvent.click(screen.getByRole('button', { name: 'Report and hide' }));
    await waitFor(() => expect(onReported).toHaveBeenCalledWith(post));
    expect(sent).toEqual([{ reason: 'names the son', start: 13, end: 17 }]);
  });

  it('explains a refused reason without repeating it', async () => {
    stubFetch((url) =>
      url.endsWith('/report')
        ? {
            status: 422,
            body: {
              error: {
                code: 'PRIVACY.PHI_DETECTED',
                message: 'x',
                details: { findings: [{ field: 'reason', start: 0, end: 4, type: 'NAME' }] },
              },
            },
          }
        : undefined,
    );
    render(<ReportDialog post={post} onClose={() => undefined} onReported={jest.fn()} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Why/ }), 'Mark Smith is the son');
    await userEvent.click(screen.getByRole('button', { name: 'Report and hide' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('looks like an identifier');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Mark Smith');
  });
});
