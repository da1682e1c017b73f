import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { EscalationDto, UserDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { qk } from '../../../lib/query-keys';
import { onEvent, whenConnected } from '../../../lib/socket';
import { caseEscalationsKey, upsertEscalation } from '../hooks/queue';

/** `escalation:assigned` / `escalation:updated` into the queue cache, with announcements. */
export function useEscalationsRealtime(me: Pick<UserDto, 'id'>): void {
  const qc = useQueryClient();
  useEffect(() => {
    const put = (e: EscalationDto) =>
      qc.setQueryData<EscalationDto[]>(qk.escalations('mine'), (cur) => (cur ? upsertEscalation(cur, e) : cur));
    let first = true;
    const offConnect = whenConnected(() => {
      if (!first) void qc.invalidateQueries({ queryKey: qk.escalationsAll });
      first = false;
    });
    const offAssigned = onEvent('escalation:assigned', (e) => {
      put(e);
      announce(
        e.assigneeId === me.id
          ? `New escalation assigned to you: ${e.caseTitle ?? e.question.slice(0, 80)}`
          : `New escalation to claim: ${e.caseTitle ?? e.question.slice(0, 80)}`,
      );
    });
    const offUpdated = onEvent('escalation:updated', (e) => {
      const before = qc.getQueryData<EscalationDto[]>(qk.escalations('mine'))?.find((x) => x.id === e.id);
      put(e);
      if (before?.status !== e.status) {
        if (e.askerId === me.id && e.status === 'answered') announce(`Faculty answered your escalation: ${e.caseTitle ?? ''}`);
        else if (e.askerId === me.id && e.status === 'claimed') announce(`${e.assigneeName ?? 'A faculty member'} took your escalation.`);
        else if (e.askerId === me.id && e.status === 'needs_info')
          announce(`${e.assigneeName ?? 'Faculty'} needs more information about your escalation.`);
      }
      void qc.invalidateQueries({ queryKey: qk.case(e.caseId) });
      void qc.invalidateQueries({ queryKey: caseEscalationsKey(e.caseId) });
    });
    return () => {
      offAssigned();
      offUpdated();
      offConnect();
    };
  }, [qc, me.id]);
}
