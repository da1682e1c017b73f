/**
 * "My profile": the name colleagues see, and for faculty whether new escalations
 * may be routed to them (on duty) and which NCP domains they take (their expertise). Routing
 * prefers the faculty member whose expertise covers the question's domains; left as it came, the
 * expertise is the domains the routing map sends to their profession.
 */
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NCP_DOMAINS, PROFESSION_LABELS, type UpdateMeRequest } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { isFaculty, useMe } from '../../../lib/auth';
import { qk } from '../../../lib/query-keys';
import { Button, CheckboxGroupField, SwitchField, TextInput } from '../../../components/ui/controls';
import { ErrorNote, PageTitle, Section } from '../../../components/ui/feedback';
import { updateMe } from '../api/profile.api';

const DOMAIN_OPTIONS = Object.entries(NCP_DOMAINS).map(([n, label]) => ({ id: n, label: `${n}. ${label}` }));

export default function ProfilePage() {
  const me = useMe();
  const qc = useQueryClient();
  const faculty = isFaculty(me) && me.role === 'faculty';
  const [name, setName] = useState(me.displayName);
  const [domains, setDomains] = useState<string[]>(me.expertiseDomains.map(String));
  const [tried, setTried] = useState(false);
  const save = useMutation({
    mutationFn: (body: UpdateMeRequest) => updateMe(body),
    onSuccess: (u) => {
      qc.setQueryData(qk.me, u);
      announce('Profile saved.');
    },
  });
  const duty = useMutation({
    mutationFn: (onDuty: boolean) => updateMe({ onDuty }),
    onSuccess: (u) => {
      qc.setQueryData(qk.me, u);
      announce(u.onDuty ? 'On duty: new escalations may be routed to you.' : 'Off duty: no new escalations are routed to you.');
    },
  });
  const nameError = tried && !name.trim() ? 'Enter the name colleagues see.' : undefined;
  const domainsError = tried && faculty && domains.length === 0 ? 'Choose at least one domain you can answer.' : undefined;
  const saved = save.isSuccess && !save.isPending;

  return (
    <>
      <PageTitle>My profile</PageTitle>
      <p className="lede">
        {PROFESSION_LABELS[me.profession]} · {me.role}
        {me.moderator ? ' · moderator' : ''}
      </p>
      {faculty && (
        <Section title="Availability" id="profile-duty">
          <SwitchField isSelected={me.onDuty} onChange={(v) => duty.mutate(v)} isDisabled={duty.isPending}>
            On duty: new escalations may be routed to me
          </SwitchField>
          <ErrorNote error={duty.error} />
        </Section>
      )}
      <Section title={faculty ? 'Name and expertise' : 'Name'} id="profile-details">
        <Form
          className="profile-form"
          aria-label="Profile"
          validationBehavior="aria"
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (nameError || !name.trim() || (faculty && domains.length === 0)) return;
            save.mutate({
              displayName: name.trim(),
              ...(faculty ? { expertiseDomains: domains.map(Number).sort((a, b) => a - b) } : {}),
            });
          }}
        >
          <TextInput label="Display name" value={name} onChange={setName} error={nameError} isRequired />
          {faculty && (
            <CheckboxGroupField
              label="My expertise (NCP domains)"
              description="Escalations on these domains prefer you over colleagues of your profession whose expertise does not cover them."
              options={DOMAIN_OPTIONS}
              value={domains}
              onChange={setDomains}
              error={domainsError}
            />
          )}
          <ErrorNote error={save.error} />
          {saved && <p className="note">Saved.</p>}
          <div className="form-actions">
            <Button type="submit" variant="primary" isDisabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save profile'}
            </Button>
          </div>
        </Form>
      </Section>
    </>
  );
}
