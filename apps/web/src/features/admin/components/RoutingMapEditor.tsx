/**
 * The admins' view of the NCP domain → faculty profession routing map: one
 * group of profession checkboxes per domain, checked in the browser (every domain needs at least
 * one profession) and by the server, saved for every replica at once, and audited there.
 */
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NCP_DOMAINS, PROFESSIONS, PROFESSION_LABELS, type Profession, type RoutingMapDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { formatDateTime } from '../../../lib/time';
import { Button, CheckboxGroupField } from '../../../components/ui/controls';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { getRoutingMap, saveRoutingMap } from '../api/admin.api';

const KEY = ['routing-map'] as const;
const OPTIONS = PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }));

/** Keeps the map's order for professions already listed, new ones after them in the list's order. */
function ordered(before: Profession[], chosen: string[]): Profession[] {
  const kept = before.filter((p) => chosen.includes(p));
  return [...kept, ...PROFESSIONS.filter((p) => chosen.includes(p) && !kept.includes(p))];
}

function Editor({ map }: { map: RoutingMapDto }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState(() => map.domains.map((d) => ({ ...d, professions: [...d.professions] })));
  const [tried, setTried] = useState(false);
  const empty = draft.filter((d) => d.professions.length === 0).map((d) => d.domain);
  const changed = draft.some((d, i) => d.professions.join(',') !== map.domains[i]?.professions.join(','));
  const save = useMutation({
    mutationFn: () => saveRoutingMap({ domains: draft }),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      announce('Routing map saved. New escalations follow it now.');
    },
  });
  return (
    <Form
      className="routing-map"
      aria-label="Routing map"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (empty.length === 0) save.mutate();
      }}
    >
      <p className="muted">
        {map.source === 'default'
          ? 'Nobody has changed the map yet: the server’s configured default applies.'
          : `Last changed ${map.updatedAt ? formatDateTime(map.updatedAt) : ''}${map.updatedBy ? ` by ${map.updatedBy.displayName}` : ''}.`}{' '}
        A question goes to on-duty faculty of these professions whose expertise covers its domains; the professions requested by the asker
        come first. Changes apply to the next escalation, without a restart, and are kept in the audit log.
      </p>
      <div className="routing-domains">
        {draft.map((d, i) => (
          <CheckboxGroupField
            key={d.domain}
            className="routing-domain"
            label={`${d.domain}. ${NCP_DOMAINS[d.domain]}`}
            options={OPTIONS}
            value={d.professions}
            error={tried && d.professions.length === 0 ? 'Choose at least one profession for this domain.' : undefined}
            onChange={(v) => setDraft((cur) => cur.map((x, j) => (j === i ? { ...x, professions: ordered(x.professions, v) } : x)))}
          />
        ))}
      </div>
      {tried && empty.length > 0 && (
        <p className="note note-error" role="alert">
          Not saved: domain {empty.join(', ')} {empty.length === 1 ? 'has' : 'have'} no profession.
        </p>
      )}
      <ErrorNote error={save.error} />
      <div className="form-actions">
        <Button onPress={() => setDraft(map.domains.map((d) => ({ ...d, professions: [...d.professions] })))} isDisabled={!changed}>
          Undo changes
        </Button>
        <Button type="submit" variant="primary" isDisabled={save.isPending || !changed}>
          {save.isPending ? 'Saving…' : 'Save routing map'}
        </Button>
      </div>
    </Form>
  );
}

export function RoutingMapEditor() {
  const q = useQuery({ queryKey: KEY, queryFn: ({ signal }) => getRoutingMap(signal) });
  if (q.isPending) return <Loading label="Loading the routing map…" />;
  if (q.error) return <ErrorNote error={q.error} />;
  // a fresh editor after each save (its draft starts from what the server stored)
  return <Editor key={q.data.updatedAt ?? 'default'} map={q.data} />;
}
