import { useId, useState, type FormEvent } from 'react';
import { FieldError } from '../components/field-error.js';
import { StepActions } from './step-actions.js';

/**
 * Username and password together. Before a flow exists the screen starts one with the username and then
 * answers its password step; once the flow is running (a refused password) the username is fixed.
 */
export function CredentialsStep({
  username: initialUsername,
  usernameFixed,
  onSubmit,
  onCancel,
  busy,
  retryReason,
}: {
  username: string;
  usernameFixed: boolean;
  onSubmit: (username: string, password: string) => Promise<void>;
  onCancel: () => void;
  busy: boolean;
  retryReason?: string;
}) {
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string>();
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setMissing(!username.trim() ? 'Enter your username.' : 'Enter your password.');
      return;
    }
    setMissing(undefined);
    const typed = password;
    // The password lives only in this field: cleared as soon as it has been handed to the core.
    setPassword('');
    await onSubmit(username.trim(), typed);
  }

  const problem = missing ?? retryReason;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Username and password</h2>
      <div className="field">
        <label htmlFor={`${id}-user`}>Username</label>
        <input
          id={`${id}-user`}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          readOnly={usernameFixed}
          autoComplete="username"
          autoFocus={!initialUsername}
          required
        />
      </div>
      <div className={`field${problem ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          autoFocus={Boolean(initialUsername)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          required
        />
        <FieldError id={`${id}-problem`} error={problem} />
      </div>
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Sign in" />
    </form>
  );
}
