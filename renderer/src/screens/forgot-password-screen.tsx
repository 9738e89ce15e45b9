import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CodeDelivery } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { CodeField } from '../components/code-field.js';
import { DoneNote } from '../components/done-note.js';
import { ErrorNote } from '../components/error-note.js';
import { FormActions } from '../components/form-actions.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import { TextField } from '../components/text-field.js';
import { useBusyAction } from '../components/use-busy-action.js';
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
  const { busy, error, act } = useBusyAction();

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
      <DoneNote title="Password changed" action="Sign in" onAction={() => navigate({ screen: 'sign-in', name })}>
        Sign in with your new password.
      </DoneNote>
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

function UsernameForm({
  initial,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: string;
  busy: boolean;
  onSubmit: (username: string) => Promise<void>;
  onCancel: () => void;
}) {
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
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Who are you?</h2>
      <p>We send a code to the e-mail address or phone of this user. Type it on the next page with your new password.</p>
      <TextField label="Username" value={username} onValue={setUsername} error={missing} autoComplete="username" autoFocus required />
      <FormActions busy={busy} submitLabel="Send a code" busyLabel="Sending…" onCancel={onCancel} />
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
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New password for {username}</h2>
      <p role="status">{describeDelivery(delivery)}</p>
      <CodeField label="Code" value={code} onValue={setCode} error={problems.code} />
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} policy={policy} error={problems.password} />
      <FormActions busy={busy} submitLabel="Set new password" onResend={onResend} onCancel={onCancel} />
    </form>
  );
}
