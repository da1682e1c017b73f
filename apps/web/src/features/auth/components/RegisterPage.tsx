import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Form } from 'react-aria-components';
import { useMutation } from '@tanstack/react-query';
import { PROFESSIONS, PROFESSION_LABELS, RegisterRequest, type Profession } from '@casebridge/contracts';
import { useAuth } from '../../../lib/auth';
import { schemaIssues } from '../../../lib/forms';
import { Button, SelectField, TextInput } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { register } from '../api/auth.api';

const professionOptions = PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }));

export default function RegisterPage() {
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // An invitation link pre-fills its code and, when the invitation names one, the invited email.
  const [form, setForm] = useState({
    inviteCode: params.get('code') ?? '',
    email: params.get('email') ?? '',
    password: '',
    displayName: '',
  });
  const [profession, setProfession] = useState<Profession | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: register,
    onSuccess: (auth) => {
      signIn(auth);
      void navigate('/', { replace: true });
    },
  });
  if (user) return <Navigate to="/" replace />;
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = () => {
    const body = {
      ...form,
      email: form.email.trim(),
      inviteCode: form.inviteCode.trim(),
      displayName: form.displayName.trim(),
      profession,
    };
    const issues = schemaIssues(RegisterRequest, body);
    const next: Record<string, string> = {};
    for (const i of issues)
      next[i.path] =
        i.path === 'password'
          ? 'At least 12 characters (a few words make a good passphrase)'
          : i.path === 'profession'
            ? 'Choose your profession'
            : i.message;
    setErrors(next);
    if (issues.length === 0) m.mutate(body as RegisterRequest);
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1 id="page-title" tabIndex={-1}>
          Create your account
        </h1>
        <Form
          validationBehavior="aria"
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextInput
            label="Invitation code"
            value={form.inviteCode}
            onChange={set('inviteCode')}
            error={errors.inviteCode}
            isRequired
            autoComplete="off"
          />
          <TextInput
            label="Display name"
            description="Shown next to what you write."
            value={form.displayName}
            onChange={set('displayName')}
            error={errors.displayName}
            isRequired
            autoComplete="name"
          />
          <TextInput
            label="Email"
            type="email"
            value={form.email}
            onChange={set('email')}
            error={errors.email}
            isRequired
            autoComplete="email"
          />
          <TextInput
            label="Password"
            type="password"
            description="At least 12 characters; a few words make a good passphrase. Common passwords are refused."
            value={form.password}
            onChange={set('password')}
            error={errors.password}
            isRequired
            autoComplete="new-password"
          />
          <SelectField
            label="Profession"
            description="Everyone sees it next to your name."
            options={professionOptions}
            value={profession}
            onChange={setProfession}
            error={errors.profession}
            isRequired
            placeholder="Choose…"
          />
          <ErrorNote error={m.error} />
          <Button type="submit" variant="primary" isDisabled={m.isPending}>
            {m.isPending ? 'Creating…' : 'Create account'}
          </Button>
        </Form>
        <p>
          Already registered? <Link to="/login">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
