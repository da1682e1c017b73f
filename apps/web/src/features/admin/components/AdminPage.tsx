import { useState } from 'react';
import { Form, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateInvitationRequest,
  PROFESSIONS,
  PROFESSION_LABELS,
  ROLES,
  type CohortDto,
  type InvitationDto,
  type Profession,
  type Role,
  type UserDto,
} from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { schemaIssues } from '../../../lib/forms';
import { useCohorts } from '../../../lib/cohorts';
import { qk } from '../../../lib/query-keys';
import { formatDateTime } from '../../../lib/time';
import { Button, CheckboxField, SelectField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { ProfessionBadge, RoleBadge } from '../../../components/ui/ProfessionBadge';
import { RoutingMapEditor } from './RoutingMapEditor';
import { createCohort, createInvitation, issuePasswordReset, listInvitations, listUsers, updateUser } from '../api/admin.api';

/** The registration link for an invitation; it pre-fills the code and, when the invitation names one, the email. */
function inviteLink(i: InvitationDto): string {
  const q = new URLSearchParams({ code: i.code, ...(i.email ? { email: i.email } : {}) });
  return `${location.origin}/register?${q.toString()}`;
}

/** Copies to the clipboard and says so (announced); falls back to a message when the browser refuses. */
function CopyButton({ text, label, name }: { text: string; label: string; name?: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  return (
    <Button
      className="btn-small"
      aria-label={name}
      onPress={() => {
        navigator.clipboard.writeText(text).then(
          () => {
            setDone('copied');
            announce('Copied to the clipboard.');
          },
          () => {
            setDone('failed');
            announce('The browser did not allow copying; select the text and copy it.');
          },
        );
      }}
    >
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy blocked' : label}
    </Button>
  );
}

function Cohorts({ cohorts }: { cohorts: CohortDto[] }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const m = useMutation({
    mutationFn: createCohort,
    onSuccess: (c) => {
      qc.setQueryData<CohortDto[]>(qk.cohorts, (cur) => [...(cur ?? []), c]);
      announce(`Cohort “${c.name}” created.`);
      setName('');
    },
  });
  return (
    <>
      <Form
        validationBehavior="aria"
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) m.mutate(name.trim());
        }}
      >
        <TextInput label="New cohort name" value={name} onChange={setName} isRequired />
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          Create cohort
        </Button>
      </Form>
      <ErrorNote error={m.error} />
      {cohorts.length === 0 ? (
        <Empty>No cohorts yet.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Cohorts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{formatDateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Invitations({ cohorts }: { cohorts: CohortDto[] }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: qk.invitations, queryFn: ({ signal }) => listInvitations(signal) });
  const [role, setRole] = useState<Role>('learner');
  const [cohortId, setCohortId] = useState('');
  const [email, setEmail] = useState('');
  const [moderator, setModerator] = useState(false);
  // '' = the invitee chooses (learners only); faculty invitations must fix it
  const [profession, setProfession] = useState<Profession | ''>('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<InvitationDto | null>(null);
  const m = useMutation({
    mutationFn: createInvitation,
    onSuccess: (inv) => {
      setCreated(inv);
      qc.setQueryData<InvitationDto[]>(qk.invitations, (cur) => [inv, ...(cur ?? [])]);
      announce(`Invitation created. Code ${inv.code}.`);
    },
  });
  const cohortName = (id?: string) => cohorts.find((c) => c.id === id)?.name ?? '—';
  const submit = () => {
    const body: CreateInvitationRequest = {
      role,
      ...(cohortId ? { cohortId } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(moderator ? { moderator } : {}),
      ...(profession ? { profession } : {}),
    };
    const found = schemaIssues(CreateInvitationRequest, body);
    if (role === 'faculty' && !profession) found.push({ path: 'profession', message: 'Faculty invitations name the profession' });
    setIssues(Object.fromEntries(found.map((i) => [i.path, i.message])));
    if (found.length === 0) m.mutate(body);
  };
  return (
    <>
      <Form
        validationBehavior="aria"
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="grid-3">
          <SelectField label="Role" options={ROLES.map((r) => ({ id: r, label: r }))} value={role} onChange={setRole} />
          <SelectField
            label="Cohort"
            options={[{ id: '', label: 'No cohort' }, ...cohorts.map((c) => ({ id: c.id, label: c.name }))]}
            value={cohortId}
            onChange={setCohortId}
          />
          <TextInput
            label="Email (optional)"
            type="email"
            value={email}
            onChange={setEmail}
            error={issues.email}
            description="Only this address can use the code."
          />
          <SelectField
            label={role === 'faculty' ? 'Profession' : 'Profession (optional)'}
            options={[
              { id: '', label: role === 'faculty' ? 'Choose…' : 'The invitee chooses' },
              ...PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] })),
            ]}
            value={profession}
            onChange={setProfession}
            error={issues.profession}
          />
        </div>
        <CheckboxField isSelected={moderator} onChange={setModerator}>
          Privacy moderator
        </CheckboxField>
        <ErrorNote error={m.error} />
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          Create invitation
        </Button>
      </Form>
      {created && (
        <div className="note note-ok" role="status">
          <p>
            Code for a new {created.role}: <code className="invite-code">{created.code}</code> (expires {formatDateTime(created.expiresAt)}
            ). Share the link <code>{inviteLink(created)}</code>
          </p>
          <CopyButton text={inviteLink(created)} label="Copy link" /> <CopyButton text={created.code} label="Copy code" />
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : list.data.length === 0 ? (
        <Empty>No open invitations.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Open invitations</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Role</th>
              <th scope="col">Cohort</th>
              <th scope="col">Email</th>
              <th scope="col">Expires</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((i) => (
              <tr key={i.code}>
                <th scope="row">
                  <code>{i.code}</code>
                </th>
                <td>
                  <RoleBadge role={i.role} />
                </td>
                <td>{cohortName(i.cohortId)}</td>
                <td>{i.email ?? '—'}</td>
                <td>{formatDateTime(i.expiresAt)}</td>
                <td>
                  <CopyButton text={inviteLink(i)} label="Copy link" name={`Copy link for code ${i.code}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * Adds an existing account to another cohort: people may belong to several; the
 * server's PATCH /users/:id {cohortIds} takes the whole list, so the new one is appended.
 */
function AddToCohort({ u, cohorts }: { u: UserDto; cohorts: CohortDto[] }) {
  const qc = useQueryClient();
  const [cohortId, setCohortId] = useState<string | null>(null);
  const others = cohorts.filter((c) => !u.cohortIds.includes(c.id));
  const m = useMutation({
    mutationFn: (id: string) => updateUser(u.id, { cohortIds: [...u.cohortIds, id] }),
    onSuccess: (updated, id) => {
      qc.setQueryData<UserDto[]>(qk.users, (cur) => cur?.map((x) => (x.id === updated.id ? updated : x)));
      announce(`${updated.displayName} added to ${cohorts.find((c) => c.id === id)?.name ?? 'the cohort'}.`);
      setCohortId(null);
    },
  });
  if (others.length === 0) return null;
  return (
    <Form
      validationBehavior="aria"
      className="inline-form add-to-cohort"
      aria-label={`Add ${u.displayName} to a cohort`}
      onSubmit={(e) => {
        e.preventDefault();
        if (cohortId) m.mutate(cohortId);
      }}
    >
      <SelectField
        label={`Add ${u.displayName} to`}
        options={others.map((c) => ({ id: c.id, label: c.name }))}
        value={cohortId}
        onChange={setCohortId}
        placeholder="Choose a cohort"
      />
      <Button type="submit" isDisabled={!cohortId || m.isPending}>
        Add
      </Button>
      <ErrorNote error={m.error} />
    </Form>
  );
}

function Users({ cohorts }: { cohorts: CohortDto[] }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: qk.users, queryFn: ({ signal }) => listUsers(signal) });
  const [link, setLink] = useState<{ name: string; url: string; expiresAt: string } | null>(null);
  const toggle = useMutation({
    mutationFn: (u: { id: string; active: boolean }) => updateUser(u.id, { active: u.active }),
    onSuccess: (u) => {
      qc.setQueryData<typeof q.data>(qk.users, (cur) => cur?.map((x) => (x.id === u.id ? u : x)));
      announce(`${u.displayName} ${u.active === false ? 'deactivated: signed out everywhere' : 'reactivated'}.`);
    },
  });
  const reset = useMutation({
    mutationFn: (u: { id: string; displayName: string }) => issuePasswordReset(u.id).then((r) => ({ ...r, name: u.displayName })),
    onSuccess: (r) => {
      setLink({ name: r.name, url: `${window.location.origin}${r.resetPath}`, expiresAt: r.expiresAt });
      announce(`One-time reset link for ${r.name} created.`);
    },
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  return (
    <>
      {link && (
        <p className="note note-ok" role="status">
          One-time reset link for {link.name} (works once, until {formatDateTime(link.expiresAt)}); hand it over yourself:{' '}
          <code>{link.url}</code>
        </p>
      )}
      <ErrorNote error={toggle.error ?? reset.error} />
      <table className="table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Profession</th>
            <th scope="col">Role</th>
            <th scope="col">Email</th>
            <th scope="col">Cohorts</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                {u.displayName}
                {u.moderator && ' (moderator)'}
                {u.active === false && ' (deactivated)'}
              </th>
              <td>
                <ProfessionBadge profession={u.profession} />
              </td>
              <td>
                <RoleBadge role={u.role} />
              </td>
              <td>{u.email}</td>
              <td>
                {u.cohortIds.map((id) => cohorts.find((c) => c.id === id)?.name ?? 'a removed cohort').join(', ') || '—'}
                {u.role !== 'admin' && <AddToCohort u={u} cohorts={cohorts} />}
              </td>
              <td>
                <Button onPress={() => toggle.mutate({ id: u.id, active: u.active === false })} isDisabled={toggle.isPending}>
                  {u.active === false ? 'Reactivate' : 'Deactivate'}
                </Button>{' '}
                {u.active !== false && (
                  <Button onPress={() => reset.mutate({ id: u.id, displayName: u.displayName })} isDisabled={reset.isPending}>
                    Reset link
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export default function AdminPage() {
  const cohorts = useCohorts();
  return (
    <>
      <PageTitle>Administration</PageTitle>
      {cohorts.error && <ErrorNote error={cohorts.error} />}
      <Tabs className="tabs">
        <TabList aria-label="Administration" className="tablist">
          <Tab id="cohorts" className="tab">
            Cohorts
          </Tab>
          <Tab id="invitations" className="tab">
            Invitations
          </Tab>
          <Tab id="users" className="tab">
            Users
          </Tab>
          <Tab id="routing" className="tab">
            Escalation routing
          </Tab>
        </TabList>
        <TabPanel id="cohorts" className="tabpanel">
          {cohorts.isPending ? <Loading /> : <Cohorts cohorts={cohorts.data ?? []} />}
        </TabPanel>
        <TabPanel id="invitations" className="tabpanel">
          <Invitations cohorts={cohorts.data ?? []} />
        </TabPanel>
        <TabPanel id="users" className="tabpanel">
          <Users cohorts={cohorts.data ?? []} />
        </TabPanel>
        <TabPanel id="routing" className="tabpanel">
          <RoutingMapEditor />
        </TabPanel>
      </Tabs>
    </>
  );
}
