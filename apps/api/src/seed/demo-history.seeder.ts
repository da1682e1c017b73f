import { Inject, Injectable } from '@nestjs/common';
import type { EscalationDto } from '@casebridge/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Actor } from '../modules/identity';
import { CasesService } from '../modules/cases';
import { EscalationsService } from '../modules/escalations';
import { DEMO_HISTORY, type HistoryCase } from './demo-history';
import { DemoHistoryRepository } from './infra/demo-history.repository';

const H = 3_600_000;

/**
 * Months of case history: cases, peer replies and escalations (answered on time, answered late,
 * one still open past its target), created through the real services and the PHI gate, then moved
 * into the past. Skips a case whose title the cohort already has, so a restart adds nothing twice.
 */
@Injectable()
export class DemoHistorySeeder {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly escalations: EscalationsService,
    private readonly history: DemoHistoryRepository,
  ) {}

  async run(cohortId: string, people: Map<string, Actor>, existingTitles: Set<string>): Promise<void> {
    const now = Date.now();
    // Stories are independent: told concurrently, so the database's write latency overlaps (about
    // halves the seed's time on two loaded cores); each story stays in order within itself.
    await Promise.all(
      DEMO_HISTORY.filter((story) => !existingTitles.has(story.request.title)).map((story) =>
        this.tell(story, cohortId, people, new Date(now - story.daysAgo * 24 * H)),
      ),
    );
  }

  /** One case's story, step by step in time order (so post seq order and post times agree). */
  private async tell(story: HistoryCase, cohortId: string, people: Map<string, Actor>, postedAt: Date): Promise<void> {
    const person = (key: string) => people.get(key)!;
    const created = await this.cases.create(person(story.authorKey), { ...story.request, cohortId });
    const e = story.escalation;
    type Step = { hours: number; run: () => Promise<boolean> };
    let escalation: EscalationDto | undefined;
    const steps: Step[] = story.posts.map((p) => ({
      hours: p.afterHours,
      run: async () => {
        await this.cases.addPost(person(p.authorKey), created.id, { body: p.body, kind: 'post' });
        return true;
      },
    }));
    if (e) {
      steps.push({
        hours: e.afterHours,
        run: async () => {
          escalation = await this.escalations.create(person(story.authorKey), created.id, {
            question: e.question,
            domains: e.domains,
            urgency: e.urgency,
          });
          return false;
        },
      });
      if (e.answer) {
        const { afterHours, ...answer } = e.answer;
        steps.push({
          hours: e.afterHours + afterHours,
          run: async () => {
            const answerer = await this.answerer(escalation!, people);
            if (!answerer) return false;
            await this.escalations.answer(answerer, escalation!.id, answer);
            return true;
          },
        });
      }
    }
    const postTimes: Date[] = [];
    for (const step of steps.sort((a, b) => a.hours - b.hours)) {
      if (await step.run()) postTimes.push(new Date(postedAt.getTime() + step.hours * H));
    }
    await this.history.backdateCase(created.id, postedAt, postTimes);
    if (e && escalation) {
      const raisedAt = new Date(postedAt.getTime() + e.afterHours * H);
      await this.history.backdateEscalation(escalation.id, {
        createdAt: raisedAt,
        dueAt: new Date(raisedAt.getTime() + this.config.escalationTargetHours[e.urgency] * H),
        claimDueAt: new Date(raisedAt.getTime() + this.config.escalationClaimWindowMinutes * 60_000),
        ...(e.answer ? { answeredAt: new Date(raisedAt.getTime() + e.answer.afterHours * H) } : {}),
      });
    }
  }

  /** The faculty member it was routed to; when it went to the pool instead, the first demo faculty member of a target profession claims it. */
  private async answerer(dto: EscalationDto, people: Map<string, Actor>): Promise<Actor | undefined> {
    const all = [...people.values()];
    const assigned = dto.assigneeId ? all.find((a) => a.id === dto.assigneeId) : undefined;
    if (assigned) return assigned;
    const claimer = all.find((a) => a.role === 'faculty' && dto.targetProfessions.includes(a.profession));
    if (!claimer) return undefined;
    await this.escalations.claim(claimer, dto.id);
    return claimer;
  }
}
