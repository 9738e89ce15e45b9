import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CodeDelivery } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { CodeField } from '../components/code-field.js';
import { DoneNote } from '../components/done-note.js';
import { ErrorNote } from '../components/error-note.js';
import { FormActions } from '../components/form-actions.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import { TextField } from '../components/text-field.js';
import { useBusyAction } from '../components/use-busy-action.js';
import { useCodeEntry } from '../components/use-code-entry.js';
import { describeDelivery } from '../lib/delivery.js';
import { useLoad } from '../lib/use-load.js';
import type { Navigate } from '../route.js';

type Stage = { kind: 'details' } | { kind: 'confirm'; username: string; delivery?: CodeDelivery; resent?: boolean } | { kind: 'done'; username: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Self-service sign-up in the account's user pool: username, e-mail and a password chosen against the pool's
 * policy, then the confirmation code Cognito sent (with "send a new code"). Passwords and codes live only in
 * their fields and are cleared once sent.
 */
export function SignUpScreen({ name, navigate }: { name: string; navigate: Navigate }) {
  const api = useApi();
  const policy = useLoad(() => api.getPasswordPolicy(name), [api, name]);
  const [stage, setStage] = useState<Stage>({ kind: 'details' });
  const { busy, error, act } = useBusyAction();

  return (
    <section aria-labelledby="sign-up-title">
      <div className="screen-header">
        <h1 id="sign-up-title" tabIndex={-1}>
          Create an account in {name}
        </h1>
      </div>
      <div className="card sign-in">
        <ErrorNote error={error} />
        {stage.kind === 'details' ? (
          <DetailsForm
            policy={policy.data ?? undefined}
            busy={busy}
            onCancel={() => navigate({ screen: 'sign-in', name })}
            onSubmit={(input) =>
              act(async () => {
                const result = await api.signUp(name, input);
                setStage(
                  result.confirmed ? { kind: 'done', username: input.username } : { kind: 'confirm', username: input.username, delivery: result.delivery },
                );
              })
            }
          />
        ) : stage.kind === 'confirm' ? (
          <ConfirmForm
            key={stage.delivery?.destination ?? ''}
            username={stage.username}
            delivery={stage.delivery}
            resent={stage.resent === true}
            busy={busy}
            onConfirm={(code) =>
              act(async () => {
                await api.confirmSignUp(name, stage.username, code);
                setStage({ kind: 'done', username: stage.username });
              })
            }
            onResend={() =>
              act(async () => {
                const delivery = await api.resendSignUpCode(name, stage.username);
                setStage({ kind: 'confirm', username: stage.username, delivery, resent: true });
              })
            }
            onCancel={() => navigate({ screen: 'sign-in', name })}
          />
        ) : (
          <DoneNote title="Account ready" action="Sign in" onAction={() => navigate({ screen: 'sign-in', name })}>
            The user {stage.username} can now sign in to {name}.
          </DoneNote>
        )}
      </div>
    </section>
  );
}

function DetailsForm({
  policy,
  busy,
  onSubmit,
  onCancel,
}: {
  policy?: Parameters<typeof newPasswordProblem>[2];
  busy: boolean;
  onSubmit: (input: { username: string; email: string; password: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ username?: string; email?: string; password?: string }>({});
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = useRef(false);

  // After a refused submit, put the person on the first field that needs fixing (once it is marked invalid).
  useEffect(() => {
    if (!refused.current) return;
    refused.current = false;
    form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [problems]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      ...(username.trim() ? {} : { username: 'Choose a username.' }),
      ...(EMAIL.test(email.trim()) ? {} : { email: 'Enter an e-mail address such as you@example.com: the code goes there.' }),
      ...(newPasswordProblem(password, confirm, policy) ? { password: newPasswordProblem(password, confirm, policy) } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length) {
      refused.current = true;
      return;
    }
    const typed = password;
    setPassword('');
    setConfirm('');
    await onSubmit({ username: username.trim(), email: email.trim(), password: typed });
  }

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Your details</h2>
      <TextField label="Username" value={username} onValue={setUsername} error={problems.username} autoComplete="username" autoFocus required />
      <TextField
        label="E-mail"
        type="email"
        value={email}
        onValue={setEmail}
        error={problems.email}
        hint="The confirmation code is sent here."
        autoComplete="email"
        required
      />
      <NewPasswordFields
        label="Password"
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        policy={policy}
        error={problems.password}
      />
      <FormActions busy={busy} submitLabel="Create account" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}

function ConfirmForm({
  username,
  delivery,
  resent,
  busy,
  onConfirm,
  onResend,
  onCancel,
}: {
  username: string;
  delivery?: CodeDelivery;
  resent: boolean;
  busy: boolean;
  onConfirm: (code: string) => Promise<void>;
  onResend: () => Promise<void>;
  onCancel: () => void;
}) {
  const { code, setCode, missing, submit } = useCodeEntry(onConfirm);
  const id = useId();

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Confirm {username}</h2>
      <p role="status">
        {resent ? 'New code sent. ' : ''}
        {describeDelivery(delivery)}
      </p>
      <CodeField label="Confirmation code" value={code} onValue={setCode} error={missing} hint="The code is valid for 24 hours." />
      <FormActions busy={busy} submitLabel="Confirm" onResend={onResend} onCancel={onCancel} />
    </form>
  );
}
