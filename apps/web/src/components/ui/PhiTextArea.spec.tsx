import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PhiSpan } from '@casebridge/contracts';
import { applyAllSuggestions, PhiMarksContext, usePhiMarksState } from '../../lib/phi';
import { applySuggestion, combineSpans, PhiTextArea, segments } from './PhiTextArea';

describe('PHI span helpers', () => {
  it('clamps, orders and de-duplicates local and server spans', () => {
    const text = 'Seen by John Smith on 3/14.';
    const local: PhiSpan[] = [
      { start: 22, end: 26, type: 'DATE' },
      { start: 8, end: 18, type: 'NAME' },
    ];
    const server: PhiSpan[] = [
      { start: 8, end: 18, type: 'NAME' },
      { start: 20, end: 99, type: 'DATE' },
    ];
    const out = combineSpans(text, local, server);
    expect(out.map((s) => [s.start, s.end, s.source])).toEqual([
      [8, 18, 'server'],
      [20, 27, 'server'],
      [22, 26, 'local'],
    ]);
  });

  it('cuts text into plain and flagged pieces without losing characters', () => {
    const text = 'Call 555-123-4567 now';
    const segs = segments(text, combineSpans(text, [{ start: 5, end: 17, type: 'PHONE' }]));
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.span).map((s) => s.text)).toEqual(['555-123-4567']);
  });

  it('applies a suggested rewrite in place', () => {
    expect(applySuggestion('Her son Mark visits', { start: 8, end: 12, type: 'NAME' }, 'the son')).toBe('Her son the son visits');
  });
});

function Harness({ initial, spans, serverSpans }: { initial: string; spans?: PhiSpan[]; serverSpans?: PhiSpan[] }) {
  const [v, setV] = useState(initial);
  return <PhiTextArea label="Social" value={v} onChange={setV} spans={v === initial ? spans : []} serverSpans={serverSpans} />;
}

describe('PhiTextArea', () => {
  it('highlights each finding and lists its type, text and suggestion', () => {
    const text = 'Lives with daughter Maria in Boulder.';
    render(
      <Harness
        initial={text}
        spans={[
          { start: 20, end: 25, type: 'NAME', suggestion: 'the daughter' },
          { start: 29, end: 36, type: 'LOCATION' },
        ]}
      />,
    );
    const marks = document.querySelectorAll('mark.phi-mark');
    expect([...marks].map((m) => [m.textContent, m.getAttribute('data-type')])).toEqual([
      ['Maria', 'NAME'],
      ['Boulder', 'LOCATION'],
    ]);
    expect(screen.getByText('2 possible identifiers', { exact: false })).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Name');
    expect(items[0]).toHaveTextContent('the daughter');
    expect(items[1]).toHaveTextContent('Place smaller than a state');
    const box = screen.getByRole('textbox', { name: 'Social' });
    expect(box).toHaveAttribute('aria-invalid', 'true');
    // the findings are part of the field's description, so a screen reader hears them
    const described = box.getAttribute('aria-describedby')!.split(' ');
    expect(described.some((id) => document.getElementById(id)?.textContent?.includes('Maria'))).toBe(true);
  });

  it('replaces the text with the suggestion on request', async () => {
    render(<Harness initial="Wife Ann is the surrogate." spans={[{ start: 5, end: 8, type: 'NAME', suggestion: 'the spouse' }]} />);
    await userEvent.click(screen.getByRole('button', { name: /Use suggestion “the spouse”/ }));
    expect(screen.getByRole('textbox', { name: 'Social' })).toHaveValue('Wife the spouse is the surrogate.');
    expect(document.querySelector('mark.phi-mark')).toBeNull();
  });

  it('shows the server refusal the same way, marked as from the server', () => {
    render(<Harness initial="MRN 00123456" serverSpans={[{ start: 4, end: 12, type: 'MRN' }]} />);
    expect(document.querySelector('mark.phi-mark')).toHaveTextContent('00123456');
    expect(screen.getByText('Medical record number')).toBeInTheDocument();
    expect(screen.getByText(/refused by the server check/)).toBeInTheDocument();
  });
});

describe('acting on findings', () => {
  it('applies every suggestion at once, last first, skipping overlaps', () => {
    const text = 'Son Mark called 555-123-4567 on 3/9.';
    const spans: PhiSpan[] = [
      { start: 4, end: 8, type: 'NAME', suggestion: 'the son' },
      { start: 16, end: 28, type: 'PHONE', suggestion: '[phone]' },
      { start: 16, end: 20, type: 'OTHER_ID', suggestion: 'x' },
      { start: 32, end: 35, type: 'DATE', suggestion: 'day 2' },
      { start: 0, end: 3, type: 'NAME' },
    ];
    expect(applyAllSuggestions(text, spans)).toBe('Son the son called [phone] on day 2.');
  });

  it('offers "Apply all suggestions" and rewrites the field', async () => {
    const text = 'Son Mark called on 3/9.';
    render(
      <Harness
        initial={text}
        spans={[
          { start: 4, end: 8, type: 'NAME', suggestion: 'the son' },
          { start: 19, end: 22, type: 'DATE', suggestion: 'day 2' },
        ]}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply all suggestions (2)' }));
    expect(screen.getByRole('textbox', { name: 'Social' })).toHaveValue('Son the son called on day 2.');
  });

  it('offers "Not an identifier" only where the form supports the override path, and marks the finding', async () => {
    const spans: PhiSpan[] = [{ start: 8, end: 18, type: 'NAME' }];
    const { unmount } = render(<Harness initial="Started Hope Lodge protocol." spans={spans} />);
    expect(screen.queryByRole('button', { name: /is not an identifier/ })).toBeNull();
    unmount();
    function WithMarks() {
      const marks = usePhiMarksState();
      return (
        <PhiMarksContext.Provider value={marks}>
          <Harness initial="Started Hope Lodge protocol." spans={spans} />
        </PhiMarksContext.Provider>
      );
    }
    render(<WithMarks />);
    const box = screen.getByRole('textbox', { name: 'Social' });
    expect(box).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(screen.getByRole('button', { name: '“Hope Lodge” is not an identifier' }));
    expect(box).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/All findings marked/)).toBeInTheDocument();
    expect(document.querySelector('mark.phi-mark-dismissed')).toHaveTextContent('Hope Lodge');
    await userEvent.click(screen.getByRole('button', { name: 'Undo: “Hope Lodge” may be an identifier' }));
    expect(box).toHaveAttribute('aria-invalid', 'true');
  });
});
