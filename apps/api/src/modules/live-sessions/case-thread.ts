import type { Actor } from '../identity';

/** What live sessions need of a case thread: the cases module's CasesService (bound in the module). */
export interface CaseThread {
  addPost(
    actor: Actor,
    caseId: string,
    input: { body: string; kind: 'post' | 'recommendation' | 'system'; clientId?: string },
  ): Promise<{ id: string }>;
  getCaseRef(caseId: string): Promise<{ id: string; cohortId: string; authorId: string; anonymous: boolean } | null>;
}
export const CASE_THREAD = Symbol('CASE_THREAD');
