import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Form } from 'react-aria-components';
import { useMutation } from '@tanstack/react-query';
import { useAuth } from '../../../lib/auth';
import { Button, TextInput } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { login } from '../api/auth.api';

export default function LoginPage() {
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const m = useMutation({
    mutationFn: login,
    onSuccess: (auth) => {
      signIn(auth);
      void navigate(from, { replace: true });
    },
  });
  if (user) return <Navigate to={from} replace />;
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1 id="page-title" tabIndex={-1}>
          Sign in to CaseBridge
        </h1>
        <p className="lede">Interprofessional palliative care case discussion.</p>
        <Form
          validationBehavior="aria"
          onSubmit={(e) => {
            e.preventDefault();
            m.mutate({ email: email.trim(), password });
          }}
          className="stack"
        >
          <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} isRequired />
          <TextInput label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} isRequired />
          <ErrorNote error={m.error} />
          <Button type="submit" variant="primary" isDisabled={m.isPending}>
            {m.isPending ? 'Signing in…' : 'Sign in'}
          </Button>
        </Form>
        <p>
          Have an invitation code? <Link to="/register">Create your account</Link>
        </p>
      </div>
    </main>
  );
}
