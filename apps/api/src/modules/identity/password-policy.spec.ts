import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a passphrase and a long random password', () => {
    expect(passwordProblem('correct horse battery')).toBeUndefined();
    expect(passwordProblem('t7#Qm2!vLp9z')).toBeUndefined();
  });
  it('refuses fewer than 12 characters', () => {
    expect(passwordProblem('Sh0rt!pass')).toMatch(/12 characters/);
  });
  it('refuses commonly used passwords from the shipped list, whatever the case', () => {
    for (const p of ['password1234', 'QWERTY123456', '123456789012', '1q2w3e4r5t6y']) expect(passwordProblem(p)).toMatch(/commonly used/);
  });
  it("refuses this project's documented passwords", () => {
    expect(passwordProblem('demo-password')).toMatch(/commonly used/);
    expect(passwordProblem('casebridge-admin')).toMatch(/commonly used/);
  });
  it('refuses the email, its local part, the name, and one repeated character', () => {
    expect(passwordProblem('morgan.faculty@example.org', { email: 'morgan.faculty@example.org' })).toMatch(/email or name/);
    expect(passwordProblem('Morgan Faculty!', { displayName: 'Morgan Faculty' })).toMatch(/email or name/);
    expect(passwordProblem('aaaaaaaaaaaaaa')).toMatch(/repeat/);
  });
});
