import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Form } from 'react-aria-components';
import { useMutation } from '@tanstack/react-query';
import { Button, TextInput } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { resetPassword } from '../api/auth.api';

/** Redeems the one-time link an administrator issued (POST /api/users/:id/password-reset). */
export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const m = useMutation({ mutationFn: resetPassword });
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1 id="page-title" tabIndex={-1}>
          Choose a new password
        </h1>
        {m.isSuccess ? (
          <p role="status">
            Your password is changed and every earlier sign-in has ended. <Link to="/login">Sign in</Link>
          </p>
        ) : (
          <Form
            validationBehavior="aria"
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              m.mutate({ token, newPassword: password });
            }}
          >
            <TextInput
              label="New password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              isRequired
              description="At least 12 characters; a few words make a good passphrase. Common passwords are refused. The link works once, for an hour."
            />
            <ErrorNote error={m.error} />
            <Button type="submit" variant="primary" isDisabled={m.isPending || !token}>
              Set the password
            </Button>
          </Form>
        )}
      </div>
    </main>
  );
}
