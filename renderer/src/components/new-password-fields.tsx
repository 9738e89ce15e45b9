import { useId } from 'react';
import { checkPassword, type PasswordPolicy } from '../../../main/contract/password-policy.js';
import { FieldError } from './field-error.js';

/** Why a chosen password cannot be sent yet, or undefined when it meets the policy and both entries match. */
export function newPasswordProblem(password: string, confirm: string, policy: PasswordPolicy | undefined): string | undefined {
  if (password.length === 0 || checkPassword(password, policy).some((c) => !c.met)) return 'The new password does not meet every rule yet.';
  if (password !== confirm) return 'The two passwords are not the same.';
  return undefined;
}

/**
 * A new password typed twice, with the pool's policy as a checklist that updates as the person types. Used
 * wherever a password is chosen: the new-password sign-in step, sign-up, password reset and change.
 */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  policy,
  error,
  label = 'New password',
  autoFocus = false,
}: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  policy?: PasswordPolicy;
  error?: string;
  label?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const checks = checkPassword(password, policy);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-new`}>{label}</label>
        <input
          id={`${id}-new`}
          type="password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          autoComplete="new-password"
          aria-describedby={checks.length ? `${id}-rules` : undefined}
          autoFocus={autoFocus}
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
        <label htmlFor={`${id}-confirm`}>{label} again</label>
        <input
          id={`${id}-confirm`}
          type="password"
          value={confirm}
          onChange={(e) => onConfirm(e.target.value)}
          autoComplete="new-password"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          required
        />
        <FieldError id={`${id}-error`} error={error} />
      </div>
    </>
  );
}
