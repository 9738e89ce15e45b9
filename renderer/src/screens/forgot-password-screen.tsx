import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CodeDelivery } from '../../../main/core/api/app-api.js';
import { useApi } from '../api/api-context.js';
import { CodeField } from '../components/code-field.js';
import { ErrorNote } from '../components/error-note.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import { TextField } from '../components/text-field.js';
import { describeDelivery } from '../lib/delivery.js';
import { useLoad } from '../lib/use-load.js';
import type { Navigate } from '../route.js';

type Stage = { kind: 'username' } | { kind: 'reset'; username: string; delivery: CodeDelivery } | { kind: 'done' };

/** Password reset: the username, then the code Cognito sent and a new password chosen against the pool's policy. */
export function ForgotPasswordScreen({ name, navigate }: { name: string; navigate: Navigate }) {
  const api = useApi();
  const policy = useLoad(() => api.getPasswordPolicy(name), [api, name]);
  const [knownUsername, setKnownUsername] = useState<string>();
  const [stage, setStage] = useState<Stage>({ kind: 'username' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.getAccount(name).then(
      (a) => live && setKnownUsername(a.username ?? a.session.username ?? ''),
      () => live && setKnownUsername(''),
    );
    return () => {
      live = false;
    };
  }, [api, name]);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const sendCode = (username: string) =>
    act(async () => {
      const delivery = await api.forgotPassword(name, username);
      setStage({ kind: 'reset', username, delivery });
    });

  let body;
  if (stage.kind === 'username')
    body =
      knownUsername === undefined ? (
        <p role="status">Loading…</p>
      ) : (
        <UsernameForm initial={knownUsername} busy={busy} onSubmit={sendCode} onCancel={() => navigate({ screen: 'sign-in', name })} />
      );
  else if (stage.kind === 'reset')
    body = (
      <ResetForm
        username={stage.username}
        delivery={stage.delivery}
        policy={policy.data ?? undefined}
        busy={busy}
        onResend={() => sendCode(stage.username)}
        onSubmit={(code, password) =>
          act(async () => {
            await api.confirmForgotPassword(name, stage.username, code, password);
            setStage({ kind: 'done' });
          })
        }
        onCancel={() => navigate({ screen: 'sign-in', name })}
      />
    );
  else
    body = (
      <div role="status">
        <h2>Password changed</h2>
        <p>Sign in with your new password.</p>
        <div className="actions">
          <button type="button" className="primary" autoFocus onClick={() => navigate({ screen: 'sign-in', name })}>
            Sign in
          </button>
        </div>
      </div>
    );

  return (
    <section aria-labelledby="forgot-title">
      <div className="screen-header">
        <h1 id="forgot-title" tabIndex={-1}>
          Reset your password for {name}
        </h1>
      </div>
      <div className="card sign-in">
        <ErrorNote error={error} />
        {body}
      </div>
    </section>
  );
}

function UsernameForm({ initial, busy, onSubmit, onCancel }: { initial: string; busy: boolean; onSubmit: (username: string) => Promise<void>; onCancel: () => void }) {
  const [username, setUsername] = useState(initial);
  const [missing, setMissing] = useState<string>();
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim()) {
      setMissing('Enter your username.');
      return;
    }
    setMissing(undefined);
    await onSubmit(username.trim());
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Who are you?</h2>
      <p>We send a code to the e-mail address or phone of this user. Type it on the next page with your new password.</p>
      <TextField label="Username" value={username} onValue={setUsername} error={missing} autoComplete="username" autoFocus required />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send a code'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ResetForm({
  username,
  delivery,
  policy,
  busy,
  onResend,
  onSubmit,
  onCancel,
}: {
  username: string;
  delivery: CodeDelivery;
  policy?: Parameters<typeof newPasswordProblem>[2];
  busy: boolean;
  onResend: () => Promise<void>;
  onSubmit: (code: string, password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ code?: string; password?: string }>({});
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const passwordProblem = newPasswordProblem(password, confirm, policy);
    const found = { ...(code.length < 6 ? { code: 'Enter all 6 digits of the code.' } : {}), ...(passwordProblem ? { password: passwordProblem } : {}) };
    setProblems(found);
    if (Object.keys(found).length) return;
    const typed = { code, password };
    setCode('');
    setPassword('');
    setConfirm('');
    await onSubmit(typed.code, typed.password);
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New password for {username}</h2>
      <p role="status">{describeDelivery(delivery)}</p>
      <CodeField label="Code" value={code} onValue={setCode} error={problems.code} />
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} policy={policy} error={problems.password} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Set new password
        </button>
        <button type="button" onClick={() => void onResend()} disabled={busy}>
          Send a new code
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
