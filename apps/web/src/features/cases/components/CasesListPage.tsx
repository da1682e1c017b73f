import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import {
  CASE_STATUSES,
  CLOSE_OUTCOME_LABELS,
  ILLNESSES,
  NCP_DOMAINS,
  PROFESSIONS,
  PROFESSION_LABELS,
  type CaseDto,
  type CaseStatus,
  type Illness,
  type Profession,
} from '@casebridge/contracts';
import { useMe } from '../../../lib/auth';
import { useCohorts } from '../../../lib/cohorts';
import { qk } from '../../../lib/query-keys';
import { formatRelative } from '../../../lib/time';
import { Button, CheckboxField, SelectField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { listCases } from '../api/cases.api';
import {
  describeFilters,
  filtersFromParams,
  paramsFromFilters,
  PPS_BANDS,
  toQuery,
  type CaseFilters,
  type PpsBand,
} from '../hooks/case-filters';

const ALL = 'all';
const human = (s: string) => s.replace(/_/g, ' ');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const domainOptions = [
  { id: ALL, label: 'All domains' },
  ...Object.entries(NCP_DOMAINS).map(([id, label]) => ({ id, label: `${id}. ${label}` })),
];
const statusOptions = [{ id: ALL, label: 'Any status' }, ...CASE_STATUSES.map((s) => ({ id: s, label: cap(s) }))];
const illnessOptions = [{ id: ALL, label: 'Any illness' }, ...ILLNESSES.map((i) => ({ id: i, label: cap(human(i)) }))];
const ppsOptions = [{ id: ALL, label: 'Any PPS' }, ...Object.entries(PPS_BANDS).map(([id, b]) => ({ id, label: b.label }))];
const responderOptions = [{ id: ALL, label: 'Any profession' }, ...PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }))];

function CaseCard({ c }: { c: CaseDto }) {
  // posts after the caller's read marker (never opened: all of them)
  const unread = Math.max(0, c.lastSeq - (c.readSeq ?? 0));
  const high = c.esas
    ? Object.entries(c.esas).some(([k, v]) => k !== 'completedBy' && typeof v === 'number' && v >= 7) || (c.esas.other?.score ?? 0) >= 7
    : false;
  return (
    <li className="card">
      <h2 className="card-title">
        <Link to={`/cases/${c.id}`}>{c.title}</Link>
        {unread > 0 && (
          <>
            {' '}
            <span className="tag new-count">{unread} new</span>
          </>
        )}
      </h2>
      <p className="row-meta">
        <span className={`status status-${c.status}`}>{c.status}</span>
        {c.closure && <> ({CLOSE_OUTCOME_LABELS[c.closure.outcome].toLowerCase()})</>} · {c.question.urgency} · {human(c.illness)}
        {c.pps !== undefined && <> · PPS {c.pps}%</>}
        {high && (
          <>
            {' '}
            · <span className="tag tag-high">ESAS-r ≥ 7</span>
          </>
        )}{' '}
        · {c.postCount} {c.postCount === 1 ? 'post' : 'posts'} · active {formatRelative(c.lastActivityAt)}
      </p>
      <p className="tags">
        {c.question.domains.map((d) => (
          <span key={d} className="tag">
            {d}. {NCP_DOMAINS[d]}
          </span>
        ))}
      </p>
      <AuthorLine author={c.author} />
    </li>
  );
}

export default function CasesListPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [q, setQ] = useState(filters.q ?? '');
  // the back button changes the URL under the page: the search box follows it
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const cohorts = useCohorts();
  const query = toQuery(filters);
  const cases = useInfiniteQuery({
    queryKey: qk.cases(query),
    queryFn: ({ pageParam, signal }) => listCases({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  /** Each change is a new history entry, so Back returns to the previous filters. */
  const update = (change: Partial<CaseFilters>) => {
    const next: CaseFilters = { ...filters, ...change };
    for (const k of Object.keys(next) as (keyof CaseFilters)[])
      if (next[k] === undefined || next[k] === false || next[k] === '') delete next[k];
    const p = paramsFromFilters(next);
    if (p.toString() !== paramsFromFilters(filters).toString()) setParams(p);
  };
  const pick = <T,>(v: string): T | undefined => (v === ALL ? undefined : (v as T));
  const items = cases.data?.pages.flatMap((p) => p.items) ?? [];
  const cohortName = (id: string) => cohorts.data?.find((c) => c.id === id)?.name;
  const cohortOptions = [{ id: ALL, label: 'All my cohorts' }, ...(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))];
  const active = describeFilters(filters, cohortName);
  const clinicalActive = [filters.domain, filters.illness, filters.pps, filters.esasHigh, filters.responder].filter(
    (v) => v !== undefined,
  ).length;
  // open on wide screens; on a phone only when one is on, so the results are not a screen away
  const [openClinical] = useState(() => clinicalActive > 0 || !window.matchMedia?.('(max-width: 760px)').matches);

  return (
    <>
      <PageTitle
        actions={
          me.role !== 'admin' && (
            <Link className="btn btn-primary" to="/cases/new">
              New case
            </Link>
          )
        }
      >
        Cases
      </PageTitle>
      <form
        className="case-search"
        role="search"
        aria-label="Filter cases"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: q.trim() || undefined });
        }}
      >
        <div className="filters">
          <TextInput label="Search" type="search" value={q} onChange={setQ} name="q" placeholder="Words in the case or thread" />
          <SelectField
            label="Cohort"
            options={cohortOptions}
            value={filters.cohortId ?? ALL}
            onChange={(v) => update({ cohortId: pick<string>(v) })}
          />
          <SelectField
            label="Status"
            options={statusOptions}
            value={filters.status ?? ALL}
            onChange={(v) => update({ status: pick<CaseStatus>(v) })}
          />
          <Button type="submit" variant="primary">
            Search
          </Button>
        </div>
        <details className="clinical-filters" open={openClinical}>
          <summary>Clinical filters{clinicalActive ? ` (${clinicalActive} on)` : ''}</summary>
          <div className="filters" role="group" aria-label="Clinical filters">
            <SelectField label="PPS" options={ppsOptions} value={filters.pps ?? ALL} onChange={(v) => update({ pps: pick<PpsBand>(v) })} />
            <SelectField
              label="Serious illness"
              options={illnessOptions}
              value={filters.illness ?? ALL}
              onChange={(v) => update({ illness: pick<Illness>(v) })}
            />
            <SelectField
              label="NCP domain"
              options={domainOptions}
              value={filters.domain !== undefined ? String(filters.domain) : ALL}
              onChange={(v) => update({ domain: v === ALL ? undefined : Number(v) })}
            />
            <SelectField
              label="Replies from"
              options={responderOptions}
              value={filters.responder ?? ALL}
              onChange={(v) => update({ responder: pick<Profession>(v) })}
            />
            <div className="filter-checks">
              <CheckboxField isSelected={!!filters.esasHigh} onChange={(v) => update({ esasHigh: v })}>
                Any ESAS-r item 7 or more
              </CheckboxField>
              <CheckboxField isSelected={!!filters.followed} onChange={(v) => update({ followed: v })}>
                Only cases I follow
              </CheckboxField>
            </div>
          </div>
        </details>
      </form>
      <div className="results-head">
        <p role="status" className="muted">
          {cases.isPending
            ? 'Searching…'
            : `${items.length}${cases.hasNextPage ? '+' : ''} case${items.length === 1 ? '' : 's'}${active.length ? `: ${active.join(', ')}` : ''}.`}
        </p>
        {active.length > 0 && (
          <Button variant="quiet" className="btn-small" onPress={() => setParams(new URLSearchParams())}>
            Clear all filters
          </Button>
        )}
      </div>
      {cases.isPending ? (
        <Loading label="Loading cases…" />
      ) : cases.error ? (
        <ErrorNote error={cases.error} />
      ) : items.length === 0 ? (
        <Empty>No cases match{active.length ? ' these filters' : ''}.</Empty>
      ) : (
        <ul className="list cards" aria-label="Cases">
          {items.map((c) => (
            <CaseCard key={c.id} c={c} />
          ))}
        </ul>
      )}
      {cases.hasNextPage && (
        <Button onPress={() => void cases.fetchNextPage()} isDisabled={cases.isFetchingNextPage}>
          {cases.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </>
  );
}
