/**
 * Password rules, pure so they are unit-tested: at least PASSWORD_MIN_LENGTH
 * characters (a passphrase of a few words gets there easily), not one of ~49,000 commonly used
 * passwords (the list @zxcvbn-ts/language-common ships, MIT), not a password this project
 * documents, not the account's email or name, and not one character repeated.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '@casebridge/contracts';

/** Passwords printed in this project's own README, .env.example and seed (never acceptable). */
const PROJECT_PASSWORDS = ['demo-password', 'casebridge-admin', 'casebridge', 'change-me-please', 'correct horse battery staple'];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set([...(dictionary['passwords-common'] as string[]), ...PROJECT_PASSWORDS].map((p) => p.toLowerCase()));
  return common;
}

/** Why the password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; displayName?: string } = {}): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good passphrase)`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/\s+/g, '')))
    return 'is a commonly used password; choose another';
  if (/^(.)\1*$/su.test(password)) return 'must not repeat one character';
  const own = [context.email, context.email?.split('@')[0], context.displayName]
    .filter((x): x is string => !!x && x.length >= 4)
    .map((x) => x.toLowerCase());
  if (own.some((x) => lower === x || lower.replace(/[^a-z0-9]/g, '') === x.replace(/[^a-z0-9]/g, '')))
    return 'must not be your email or name';
  return undefined;
}
