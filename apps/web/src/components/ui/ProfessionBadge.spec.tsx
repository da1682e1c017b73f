import { render, screen } from '@testing-library/react';
import { PROFESSIONS, PROFESSION_LABELS } from '@casebridge/contracts';
import { AuthorLine, PROFESSION_STYLE, ProfessionBadge } from './ProfessionBadge';

describe('ProfessionBadge', () => {
  it('shows the profession as text with an icon hidden from screen readers, not colour alone', () => {
    render(<ProfessionBadge profession="social_worker" />);
    const badge = screen.getByText('Social Worker').closest('.profession-badge')!;
    expect(badge).toHaveAttribute('data-profession', 'social_worker');
    const icon = badge.querySelector('.badge-icon')!;
    expect(icon).toHaveAttribute('aria-hidden', 'true');
    expect(icon.textContent).toBe(PROFESSION_STYLE.social_worker.icon);
  });

  it('keeps the label for assistive technology in compact form', () => {
    render(<ProfessionBadge profession="chaplain" compact />);
    expect(screen.getByText('Chaplain')).toHaveClass('visually-hidden');
  });

  it('gives every profession its own label, icon and colour', () => {
    const icons = new Set(PROFESSIONS.map((p) => PROFESSION_STYLE[p].icon));
    const colors = new Set(PROFESSIONS.map((p) => PROFESSION_STYLE[p].color));
    const labels = new Set(PROFESSIONS.map((p) => PROFESSION_LABELS[p]));
    expect(icons.size).toBe(PROFESSIONS.length);
    expect(colors.size).toBe(PROFESSIONS.length);
    expect(labels.size).toBe(PROFESSIONS.length);
  });

  it('shows an author with name, profession and role; anonymous authors keep profession and role', () => {
    const { rerender } = render(<AuthorLine author={{ displayName: 'Dana', profession: 'pharmacist', role: 'faculty' }} />);
    expect(screen.getByText('Dana')).toBeInTheDocument();
    expect(screen.getByText('Pharmacist')).toBeInTheDocument();
    expect(screen.getByText('Faculty')).toBeInTheDocument();
    rerender(<AuthorLine author={{ displayName: 'Dana', profession: 'pharmacist', role: 'learner', anonymous: true }} />);
    expect(screen.queryByText('Dana')).toBeNull();
    expect(screen.getByText('Anonymous')).toBeInTheDocument();
    expect(screen.getByText('Learner')).toBeInTheDocument();
  });
});
