import { PROFESSION_LABELS, type Profession, type Role } from '@casebridge/contracts';

/**
 * Colour, icon and label for every profession: colour is never the only carrier
 * (style.md "Accessible by construction"). Colours pass 4.5:1 as text on white.
 */
export const PROFESSION_STYLE: Record<Profession, { color: string; icon: string }> = {
  physician: { color: '#1d4ed8', icon: '⚕' },
  nurse: { color: '#b91c1c', icon: '✚' },
  aprn: { color: '#9d174d', icon: '✦' },
  physician_assistant: { color: '#6d28d9', icon: '◆' },
  pharmacist: { color: '#065f46', icon: '℞' },
  social_worker: { color: '#92400e', icon: '⌂' },
  chaplain: { color: '#4338ca', icon: '✧' },
  psychologist: { color: '#155e75', icon: 'Ψ' },
  therapist: { color: '#3f6212', icon: '✺' },
  counselor: { color: '#86198f', icon: '❖' },
  ethicist: { color: '#374151', icon: '⚖' },
};

export const ROLE_LABELS: Record<Role, string> = { learner: 'Learner', faculty: 'Faculty', admin: 'Admin' };

export function ProfessionBadge({ profession, compact = false }: { profession: Profession; compact?: boolean }) {
  const style = PROFESSION_STYLE[profession];
  const label = PROFESSION_LABELS[profession] ?? profession;
  return (
    <span
      className="badge profession-badge"
      data-profession={profession}
      style={{ '--badge-color': style?.color ?? '#374151' } as React.CSSProperties}
      title={compact ? label : undefined}
    >
      <span className="badge-icon" aria-hidden="true">
        {style?.icon ?? '•'}
      </span>
      {compact ? <span className="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`badge role-badge role-${role}`} data-role={role}>
      {ROLE_LABELS[role] ?? role}
    </span>
  );
}

/** A name with profession and role, as every author is shown. */
export function AuthorLine({ author }: { author: { displayName: string; profession: Profession; role: Role; anonymous?: boolean } }) {
  return (
    <span className="author-line">
      <strong className="author-name">{author.anonymous ? 'Anonymous' : author.displayName}</strong>
      <ProfessionBadge profession={author.profession} />
      <RoleBadge role={author.role} />
    </span>
  );
}
