import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { CASE_STATUSES, NCP_DOMAINS, type CaseStatus, type ListCasesQuery } from '@casebridge/contracts';
import { useMe } from '../../../lib/auth';
import { qk } from '../../../lib/query-keys';
import { formatRelative } from '../../../lib/time';
import { Button, SelectField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { listCases, listCohorts } from '../api/cases.api';

const ALL = 'all';
const domainOptions = [{ id: ALL, label: 'All domains' }, ...Object.entries(NCP_DOMAINS).map(([id, label]) => ({ id, label: `${id}. ${label}` }))];
const statusOptions = [{ id: ALL, label: 'Any status' }, ...CASE_STATUSES.map((s) => ({ id: s, label: s }))];

export default function CasesListPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const cohorts = useQuery({ queryKey: qk.cohorts, queryFn: ({ signal }) => listCohorts(signal) });
  const filters: ListCasesQuery = {
    cohortId: params.get('cohortId') ?? undefined,
    domain: params.get('domain') ? Number(params.get('domain')) : undefined,
    status: (params.get('status') as CaseStatus | null) ?? undefined,
    q: params.get('q') ?? undefined,
    limit: 20,
  };
  const cases = useInfiniteQuery({
    queryKey: qk.cases(filters),
    queryFn: ({ pageParam, signal }) => listCases({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v && v !== ALL) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const items = cases.data?.pages.flatMap((p) => p.items) ?? [];
  const cohortOptions = [{ id: ALL, label: 'All my cohorts' }, ...(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))];

  return (
    <>
      <PageTitle actions={me.role !== 'admin' && <Link className="btn btn-primary" to="/cases/new">New case</Link>}>Cases</PageTitle>
      <form
        className="filters"
        role="search"
        aria-label="Filter cases"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', q.trim());
        }}
      >
        <TextInput label="Search" type="search" value={q} onChange={setQ} />
        <SelectField label="Cohort" options={cohortOptions} value={params.get('cohortId') ?? ALL} onChange={(v) => setFilter('cohortId', v)} />
        <SelectField label="NCP domain" options={domainOptions} value={params.get('domain') ?? ALL} onChange={(v) => setFilter('domain', v)} />
        <SelectField label="Status" options={statusOptions} value={params.get('status') ?? ALL} onChange={(v) => setFilter('status', v)} />
        <Button type="submit">Search</Button>
      </form>
      {cases.isPending ? (
        <Loading label="Loading cases…" />
      ) : cases.error ? (
        <ErrorNote error={cases.error} />
      ) : items.length === 0 ? (
        <Empty>No cases match.</Empty>
      ) : (
        <ul className="list cards" aria-label="Cases">
          {items.map((c) => (
            <li key={c.id} className="card">
              <h2 className="card-title">
                <Link to={`/cases/${c.id}`}>{c.title}</Link>
              </h2>
              <p className="row-meta">
                <span className={`status status-${c.status}`}>{c.status}</span> · {c.question.urgency} · {c.postCount} posts · active {formatRelative(c.lastActivityAt)}
              </p>
              <p className="tags">
                {c.question.domains.map((d) => (
                  <span key={d} className="tag">{d}. {NCP_DOMAINS[d]}</span>
                ))}
              </p>
              <AuthorLine author={c.author} />
            </li>
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
