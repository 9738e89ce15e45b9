import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context.js';
import { describeError } from '../api/api-error.js';
import { DoneNote } from '../components/done-note.js';
import { ErrorNote } from '../components/error-note.js';
import { FieldError } from '../components/field-error.js';
import { FormActions } from '../components/form-actions.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import { useBusyAction } from '../components/use-busy-action.js';
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
  const { busy, error, act } = useBusyAction();
  const [done, setDone] = useState(false);
  const id = useId();
  // A wrong current password belongs to its field (with what to do), not to a note above the form.
  const refusal = error === undefined ? undefined : describeError(error);
  const wrongCurrent = refusal?.code === 'wrong-password' ? refusal : undefined;
  const currentProblem = problems.current ?? wrongCurrent?.message;
  const currentDescribedBy = [currentProblem ? `${id}-current-error` : '', wrongCurrent?.hint ? `${id}-current-hint` : ''].filter(Boolean).join(' ');

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
    await act(async () => {
      await api.changePassword(name, typed.current, typed.password);
      setDone(true);
    });
  }

  return (
    <section aria-labelledby="change-title">
      <div className="screen-header">
        <h1 id="change-title" tabIndex={-1}>
          Change your password for {name}
        </h1>
      </div>
      <div className="card sign-in">
        <ErrorNote error={wrongCurrent ? undefined : error} />
        {done ? (
          <DoneNote title="Password changed" action={`Back to ${name}`} onAction={() => navigate({ screen: 'account', name })}>
            Use the new password the next time you sign in. Your current session stays signed in.
          </DoneNote>
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
            <h2 id={`${id}-title`} className="visually-hidden">
              Current and new password
            </h2>
            <div className={`field${currentProblem ? ' field-invalid' : ''}`}>
              <label htmlFor={`${id}-current`}>Current password</label>
              <input
                id={`${id}-current`}
                type="password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                autoComplete="current-password"
                aria-invalid={currentProblem ? true : undefined}
                aria-describedby={currentDescribedBy || undefined}
                autoFocus
                required
              />
              <FieldError id={`${id}-current-error`} error={currentProblem} />
              {wrongCurrent?.hint ? (
                <p id={`${id}-current-hint`} className="field-hint">
                  {wrongCurrent.hint}
                </p>
              ) : null}
            </div>
            <NewPasswordFields
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              policy={policy.data ?? undefined}
              error={problems.password}
            />
            <FormActions busy={busy} submitLabel="Change password" busyLabel="Changing…" onCancel={() => navigate({ screen: 'account', name })} />
          </form>
        )}
      </div>
    </section>
  );
}
