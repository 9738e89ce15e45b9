import { useId, useState, type FormEvent } from 'react';
import type { PasswordPolicy } from '../../../main/core/auth/prompter.js';
import { checkPassword } from '../lib/password-policy.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

/** NEW_PASSWORD_REQUIRED: the pool's policy as a checklist that updates as the person types. */
export function NewPasswordStep({ policy, onAnswer, onCancel, busy, retryReason }: StepProps & { policy?: PasswordPolicy }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string>();
  const id = useId();
  const checks = checkPassword(password, policy);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (checks.some((c) => !c.met) || password.length === 0) {
      setProblem('The new password does not meet every rule yet.');
      return;
    }
    if (password !== confirm) {
      setProblem('The two passwords are not the same.');
      return;
    }
    setProblem(undefined);
    const typed = password;
    setPassword('');
    setConfirm('');
    await onAnswer(typed);
  }

  const error = problem ?? retryReason;
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Choose a new password</h2>
      <p>Your administrator set a temporary password. Choose your own to finish signing in.</p>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input
          id={`${id}-new`}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          aria-describedby={checks.length ? `${id}-rules` : undefined}
          autoFocus
          required
        />
      </div>
      {checks.length ? (
        <ul id={`${id}-rules`} className="policy" aria-label="Password rules" aria-live="polite">
          {checks.map((c) => (
            <li key={c.label} className={c.met ? 'ok' : 'todo'}>
              <span aria-hidden="true">{c.met ? '✓' : '○'}</span> {c.label}
              <span className="visually-hidden">{c.met ? ': met' : ': not yet'}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-confirm`}>New password again</label>
        <input
          id={`${id}-confirm`}
          type="password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          autoComplete="new-password"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          required
        />
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Set password and sign in" />
    </form>
  );
}
