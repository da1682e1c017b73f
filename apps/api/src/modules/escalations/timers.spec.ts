import { dueAction, nextCheckAt, targetDueAt } from './timers';

const t = (min: number) => new Date(Date.UTC(2030, 0, 1, 0, min));

describe('escalation timers', () => {
  it('offers an assigned escalation once the claim window has passed', () => {
    const s = { status: 'assigned' as const, claimDueAt: t(10), nextOverdueAt: t(100) };
    expect(dueAction(s, t(9))).toBe('none');
    expect(dueAction(s, t(10))).toBe('offer');
    expect(nextCheckAt(s)).toEqual(t(10));
  });

  it('ignores the claim window once claimed or offered', () => {
    expect(dueAction({ status: 'claimed', claimDueAt: t(10), nextOverdueAt: t(100) }, t(50))).toBe('none');
    expect(nextCheckAt({ status: 'offered', claimDueAt: t(10), nextOverdueAt: t(100) })).toEqual(t(100));
  });

  it('overdue wins over the claim window', () => {
    expect(dueAction({ status: 'assigned', claimDueAt: t(10), nextOverdueAt: t(20) }, t(30))).toBe('overdue');
    expect(dueAction({ status: 'claimed', nextOverdueAt: t(20) }, t(20))).toBe('overdue');
  });

  it('has nothing to do once answered or resolved', () => {
    expect(dueAction({ status: 'answered', nextOverdueAt: t(1) }, t(50))).toBe('none');
    expect(nextCheckAt({ status: 'resolved', nextOverdueAt: t(1) })).toBeUndefined();
  });

  it('sets the target by urgency', () => {
    const hours = { urgent: 24, routine: 72 };
    expect(targetDueAt(t(0), 'urgent', hours).getTime() - t(0).getTime()).toBe(24 * 3_600_000);
    expect(targetDueAt(t(0), 'routine', hours).getTime() - t(0).getTime()).toBe(72 * 3_600_000);
  });
});
