import { useId, useState, type FormEvent } from 'react';
import { FIRST_FACTORS, FIRST_FACTOR_LABELS, type FirstFactor } from '../../../main/contract/sign-in-method.js';
import { FieldError } from '../components/field-error.js';
import { FIRST_FACTOR_TEXT } from '../lib/first-factor-text.js';
import { StepActions } from './step-actions.js';

/**
 * The start of a choice-based (USER_AUTH) sign-in: only the username, because what comes next depends on the
 * pool and the user. Continue uses the account's preferred first factor, or lets the pool offer its choice;
 * each link below starts the sign-in with one factor instead (signInStart's `method`).
 */
export function UserAuthStart({
  username: initialUsername,
  preferred,
  onStart,
  onCancel,
  busy,
}: {
  username: string;
  preferred?: FirstFactor;
  onStart: (username: string, method?: FirstFactor) => Promise<void>;
  onCancel: () => void;
  busy: boolean;
}) {
  const [username, setUsername] = useState(initialUsername);
  const [missing, setMissing] = useState<string>();
  const id = useId();

  async function start(method?: FirstFactor) {
    if (!username.trim()) {
      setMissing('Enter your username.');
      document.getElementById(`${id}-user`)?.focus();
      return;
    }
    setMissing(undefined);
    await onStart(username.trim(), method);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void start();
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Who is signing in?</h2>
      <div className={`field${missing ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-user`}>Username</label>
        <input
          id={`${id}-user`}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoFocus
          aria-invalid={missing ? true : undefined}
          aria-describedby={`${id}-next${missing ? ` ${id}-problem` : ''}`}
          required
        />
        <p id={`${id}-next`} className="field-hint">
          {preferred
            ? `Continue uses your preferred way to sign in: ${FIRST_FACTOR_LABELS[preferred]}.`
            : 'Continue shows the ways your pool offers to sign in.'}
        </p>
        <FieldError id={`${id}-problem`} error={missing} />
      </div>
      <StepActions busy={busy} onCancel={onCancel} />
      <div className="actions self-service-links" role="group" aria-label="Other ways to sign in">
        {FIRST_FACTORS.filter((f) => f !== preferred).map((factor) => (
          <button key={factor} type="button" className="link-button" disabled={busy} onClick={() => void start(factor)}>
            {FIRST_FACTOR_TEXT[factor].start}
          </button>
        ))}
      </div>
    </form>
  );
}
