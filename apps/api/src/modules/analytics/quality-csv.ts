/** The quality report's tables as CSV (pure; cells neutralised against formula injection by csvTable). */
import {
  NCP_DOMAINS,
  PROFESSION_LABELS,
  type OnTimeRowDto,
  type Profession,
  type QualityReportDto,
  type QualityTable,
} from '@casebridge/contracts';
import { csvTable } from '../../common/csv';

const professionLabel = (k: string) => PROFESSION_LABELS[k as Profession] ?? k;
const domainLabel = (k: string) => NCP_DOMAINS[Number(k)] ?? k;

function onTime(rows: OnTimeRowDto[], keyName: string, label: (k: string) => string): string {
  return csvTable(
    [keyName, 'label', 'on_time', 'late', 'pending', 'on_time_rate'],
    rows.map((r) => [r.key, label(r.key), r.onTime, r.late, r.pending, r.rate]),
  );
}

export function qualityCsv(report: QualityReportDto, table: QualityTable): string {
  switch (table) {
    case 'onTimeByUrgency':
      return onTime(report.onTime.byUrgency, 'urgency', (k) => `${k} (target ${report.targetHours[k as 'urgent' | 'routine'] ?? '?'} h)`);
    case 'onTimeByDomain':
      return onTime(report.onTime.byDomain, 'ncp_domain', domainLabel);
    case 'onTimeByProfession':
      return onTime(report.onTime.byProfession, 'profession', professionLabel);
    case 'routing':
      return csvTable(
        ['event', 'events', 'escalations'],
        report.routing.map((r) => [r.event, r.events, r.escalations]),
      );
    case 'firstPeerReply':
      return csvTable(
        ['month', 'cases', 'replied', 'median_hours', 'p90_hours'],
        report.firstPeerReply.map((r) => [r.month, r.cases, r.replied, r.medianHours, r.p90Hours]),
      );
    case 'sessionsByProfession':
      return csvTable(
        ['month', 'profession', 'label', 'sessions', 'attendances', 'messages', 'turns'],
        report.sessionsByProfession.map((r) => [
          r.month,
          r.profession,
          professionLabel(r.profession),
          r.sessions,
          r.attendances,
          r.messages,
          r.turns,
        ]),
      );
  }
}
