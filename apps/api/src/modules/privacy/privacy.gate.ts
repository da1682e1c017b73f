import { Injectable } from '@nestjs/common';
import { scanFields } from '@casebridge/deid';
import { ErrorCodes, type PhiFinding } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AuditService } from '../audit';
import { ScanPool } from './scan-pool';

/** Flattens nested text fields into dotted names ("narrative.social", "medications.2"). */
export function textFields(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') {
    out[prefix] = value;
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textFields(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) textFields(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * The PHI gate (non-negotiable 1): every free-text field of every write passes here before
 * anything is persisted, logged, broadcast or notified. It answers with where and what it found
 * (field, offsets, type, suggestion), never the text.
 */
@Injectable()
export class PrivacyGate {
  constructor(
    private readonly audit: AuditService,
    private readonly pool: ScanPool,
  ) {}

  scan(fields: Record<string, string | undefined>): PhiFinding[] {
    return scanFields(fields);
  }

  /**
   * Throws 422 PRIVACY.PHI_DETECTED when any field holds a possible identifier. `allowed` lists
   * findings the author confirmed as false positives (only used on the moderated override path).
   * The scan runs in the worker pool (ScanPool), off the event loop; callers await it before they
   * store anything, so the order "gate, then storage" is unchanged.
   */
  async assertClean(
    fields: Record<string, string | undefined>,
    ctx: { actorId?: string; target: string },
    allowed: { field: string; start: number; end: number }[] = [],
  ): Promise<void> {
    const findings = (await this.pool.scanForGate(fields)).filter(
      (f) => !allowed.some((a) => a.field === f.field && a.start === f.start && a.end === f.end),
    );
    await this.refuse(findings, ctx);
  }

  /**
   * A display name is a colleague's own name, so a NAME finding is expected and allowed; every
   * other identifier (record numbers, phones, dates, places...) is refused like anywhere else
   * (a display name must not smuggle PHI into mentions, DTOs and events).
   */
  isCleanDisplayName(name: string): boolean {
    return displayNameFindings(this.scan({ displayName: name })).length === 0;
  }

  async assertCleanDisplayName(name: string, ctx: { actorId?: string; target: string }, field = 'displayName'): Promise<void> {
    await this.refuse(displayNameFindings(this.scan({ [field]: name })), ctx);
  }

  /**
   * A cohort name is programme metadata set by an administrator, often after people and places
   * ("Osler Fellows", "Baltimore spring cohort"): NAME and LOCATION findings stand, every other
   * identifier (record numbers, phones, dates, emails...) is refused.
   */
  async assertCleanCohortName(name: string, ctx: { actorId?: string; target: string }): Promise<void> {
    await this.refuse(
      this.scan({ name }).filter((f) => f.type !== 'NAME' && f.type !== 'LOCATION'),
      ctx,
    );
  }

  private async refuse(findings: PhiFinding[], ctx: { actorId?: string; target: string }): Promise<void> {
    if (findings.length === 0) return;
    await this.audit.record('privacy.blocked', ctx.actorId, undefined, {
      target: ctx.target,
      findings: findings.map((f) => ({ field: f.field, start: f.start, end: f.end, type: f.type })),
    });
    throw new AppError(
      ErrorCodes.PRIVACY_PHI_DETECTED,
      `Possible patient identifiers found (${summarise(findings)}); remove or rewrite them before posting`,
      422,
      { findings },
    );
  }
}

const displayNameFindings = (findings: PhiFinding[]) => findings.filter((f) => f.type !== 'NAME');

function summarise(findings: PhiFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
}
