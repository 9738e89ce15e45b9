import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import { useLoad } from '../lib/use-load.js';
import type { Navigate } from '../route.js';

/** Change the password of a signed-in account's user: the current one, then a new one against the pool's policy. */
export function ChangePasswordScreen({ name, navigate }: { name: string; navigate: Navigate }) {
  const api = useApi();
  const policy = useLoad(() => api.getPasswordPolicy(name), [api, name]);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ current?: string; password?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const passwordProblem = newPasswordProblem(password, confirm, policy.data ?? undefined);
    const found = { ...(current ? {} : { current: 'Enter your current password.' }), ...(passwordProblem ? { password: passwordProblem } : {}) };
    setProblems(found);
    if (Object.keys(found).length) return;
    const typed = { current, password };
    // Passwords live only in their fields: cleared as soon as they are handed to the core.
    setCurrent('');
    setPassword('');
    setConfirm('');
    setBusy(true);
    setError(undefined);
    try {
      await api.changePassword(name, typed.current, typed.password);
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="change-title">
      <div className="screen-header">
        <h1 id="change-title" tabIndex={-1}>
          Change your password for {name}
        </h1>
      </div>
      <div className="card sign-in">
        <ErrorNote error={error} />
        {done ? (
          <div role="status">
            <h2>Password changed</h2>
            <p>Use the new password the next time you sign in. Your current session stays signed in.</p>
            <div className="actions">
              <button type="button" className="primary" autoFocus onClick={() => navigate({ screen: 'account', name })}>
                Back to {name}
              </button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
            <h2 id={`${id}-title`} className="visually-hidden">
              Current and new password
            </h2>
            <div className={`field${problems.current ? ' field-invalid' : ''}`}>
              <label htmlFor={`${id}-current`}>Current password</label>
              <input
                id={`${id}-current`}
                type="password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                autoComplete="current-password"
                aria-invalid={problems.current ? true : undefined}
                aria-describedby={problems.current ? `${id}-current-error` : undefined}
                autoFocus
                required
              />
              {problems.current ? (
                <p id={`${id}-current-error`} className="field-error" role="alert">
                  {problems.current}
                </p>
              ) : null}
            </div>
            <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} policy={policy.data ?? undefined} error={problems.password} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Changing…' : 'Change password'}
              </button>
              <button type="button" onClick={() => navigate({ screen: 'account', name })}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
