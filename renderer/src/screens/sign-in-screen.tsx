import { useEffect, useRef, useState } from 'react';
import type { AccountView, FirstFactor, SessionView, SignInProgress } from '../../../main/contract/app-api.js';
import { SEND_NEW_CODE } from '../../../main/contract/sign-in-method.js';
import { useApi } from '../api/api-context.js';
import { describeError } from '../api/api-error.js';
import { ClockWarning } from '../components/clock-warning.js';
import { ErrorNote } from '../components/error-note.js';
import { formatRemaining, roleName } from '../lib/format.js';
import type { Navigate } from '../route.js';
import { BrowserStep, providerName } from '../sign-in/browser-step.js';
import { CodeStep } from '../sign-in/code-step.js';
import { CredentialsStep } from '../sign-in/credentials-step.js';
import { MfaSetupStep } from '../sign-in/mfa-setup-step.js';
import { NewPasswordStep } from '../sign-in/new-password-step.js';
import { RememberDeviceStep } from '../sign-in/remember-device-step.js';
import { SelectFactorStep } from '../sign-in/select-factor-step.js';
import { SelectMfaStep } from '../sign-in/select-mfa-step.js';
import { UserAuthStart } from '../sign-in/user-auth-start.js';
import { mustStartOver } from '../sign-in/after-refusal.js';

/**
 * One sign-in flow, step by step. The core drives the flow (it alone talks to Cognito); this screen shows
 * whatever step comes next and sends back what the person types. Nothing a person typed is kept after it is
 * sent, and the enrolment seed disappears with its step.
 */
export function SignInScreen({ name, navigate }: { name: string; navigate: Navigate }) {
  const api = useApi();
  const [username, setUsername] = useState<string>();
  const [hostedUi, setHostedUi] = useState<AccountView['hostedUi']>();
  // Set for a choice-based (USER_AUTH) account: its sign-in starts with the username alone.
  const [userAuth, setUserAuth] = useState<{ preferred?: FirstFactor }>();
  const [progress, setProgress] = useState<SignInProgress>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The shown code step is the one Cognito sent again after "Send a new code".
  const [resent, setResent] = useState(false);
  // Remounts the current step after a refused answer so its field is empty and focused again.
  const [attempt, setAttempt] = useState(0);
  const flow = useRef<string>(undefined);
  const finished = useRef(false);
  // The username a choice-based sign-in started with (the start form lets the person change it).
  const startedAs = useRef<string>(undefined);

  useEffect(() => {
    let live = true;
    api.getAccount(name).then(
      (a) => {
        if (!live) return;
        setHostedUi(a.hostedUi);
        if (a.authFlow === 'user-auth') setUserAuth(a.firstFactor ? { preferred: a.firstFactor } : {});
        setUsername(a.username ?? a.session.username ?? '');
      },
      () => live && setUsername(''),
    );
    return () => {
      live = false;
    };
  }, [api, name]);

  // Leaving the screen mid-flow tells the core to drop the flow (and its Cognito session).
  useEffect(
    () => () => {
      if (flow.current && !finished.current) void api.signInCancel(flow.current).catch(() => undefined);
    },
    [api],
  );

  function show(next: SignInProgress) {
    flow.current = next.flowId;
    finished.current = next.step.kind === 'done' || next.step.kind === 'failed';
    setProgress(next);
    setResent(false);
    setAttempt((n) => n + 1);
  }

  /** True when the core answered with a next step (not a refusal). */
  async function run(action: () => Promise<SignInProgress>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      show(await action());
      return true;
    } catch (e) {
      setError(e);
      setAttempt((n) => n + 1);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function credentials(user: string, password: string) {
    await run(async () => {
      const current = progress?.step.kind === 'password' ? progress : await api.signInStart(name, user);
      flow.current = current.flowId;
      if (current.step.kind !== 'password') return current;
      return api.signInAnswer(current.flowId, password);
    });
  }

  async function answer(value: string) {
    const id = progress?.flowId;
    if (!id) return;
    if (progress.step.kind === 'select-factor' && value === 'passkey' && hostedUi) {
      // A passkey completes in managed login: a new sign-in with that method gets the browser step (its address,
      // Cancel) instead of this flow waiting on the browser behind the window's back.
      await api.signInCancel(id).catch(() => undefined);
      flow.current = undefined;
      await startUserAuth(startedAs.current ?? username ?? '', 'passkey');
      return;
    }
    const answered = await run(() => api.signInAnswer(id, value));
    if (answered && value === SEND_NEW_CODE) setResent(true);
  }

  async function startUserAuth(user: string, method?: FirstFactor) {
    startedAs.current = user;
    await run(() => (method ? api.signInStart(name, user, method) : api.signInStart(name, user)));
  }

  function cancel() {
    navigate({ screen: 'accounts' });
  }

  async function startBrowser() {
    await run(() => api.signInStart(name));
  }

  // Managed login: answering '' waits (in the core) for the browser's loopback redirect, whatever it brings.
  // Once per browser step the core sends (a refused wait shows its error instead of waiting again).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- because the wait starts when the core reports a browser step, which only an effect sees
    if (progress?.step.kind === 'browser') void run(() => api.signInAnswer(progress.flowId, ''));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- because it must run once per step the core sends, not again when `run` or `api` are re-created
  }, [progress]);

  async function startOver() {
    if (flow.current && !finished.current) await api.signInCancel(flow.current).catch(() => undefined);
    flow.current = undefined;
    finished.current = false;
    setProgress(undefined);
    setError(undefined);
    setAttempt((n) => n + 1);
  }

  const step = progress?.step;
  const needsNewFlow = error !== undefined && mustStartOver(describeError(error).code);
  const common = { onAnswer: answer, onCancel: cancel, busy, retryReason: progress?.retryReason };
  const key = `${progress?.flowId ?? 'new'}-${attempt}`;

  let body;
  if (username === undefined) body = <p role="status">Loading…</p>;
  else if (!step && userAuth)
    body = (
      <>
        <UserAuthStart key={key} username={username} preferred={userAuth.preferred} onStart={startUserAuth} onCancel={cancel} busy={busy} />
        <SelfServiceLinks name={name} navigate={navigate} />
      </>
    );
  else if (!step && hostedUi)
    body = <BrowserStart provider={providerName(hostedUi.identityProvider)} busy={busy} onStart={() => void startBrowser()} onCancel={cancel} />;
  else if (!step || step.kind === 'password')
    body = (
      <>
        <CredentialsStep
          key={key}
          username={step?.kind === 'password' ? step.username : username}
          usernameFixed={step?.kind === 'password'}
          onSubmit={credentials}
          onCancel={cancel}
          busy={busy}
          retryReason={progress?.retryReason}
        />
        <SelfServiceLinks name={name} navigate={navigate} />
      </>
    );
  else if (step.kind === 'browser') body = <BrowserStep key={key} url={step.url} identityProvider={step.identityProvider} onCancel={cancel} />;
  else if (step.kind === 'totp-code') body = <CodeStep key={key} kind="totp-code" {...common} />;
  else if (step.kind === 'sms-code' || step.kind === 'email-code')
    body = <CodeStep key={key} kind={step.kind} destination={step.destination} canResend={step.canResend} resent={resent} {...common} />;
  else if (step.kind === 'select-mfa') body = <SelectMfaStep key={key} options={step.options} {...common} />;
  else if (step.kind === 'select-factor') body = <SelectFactorStep key={key} options={step.options} {...common} />;
  else if (step.kind === 'remember-device') body = <RememberDeviceStep key={key} {...common} />;
  else if (step.kind === 'mfa-setup') body = <MfaSetupStep key={key} otpauthUri={step.otpauthUri} secret={step.secret} {...common} />;
  else if (step.kind === 'new-password') body = <NewPasswordStep key={key} policy={step.policy} {...common} />;
  else if (step.kind === 'done') body = <SignedIn name={name} session={step.session} navigate={navigate} />;
  else body = <Failed message={step.message} hint={step.hint} onStartOver={() => void startOver()} onCancel={cancel} />;

  return (
    <section aria-labelledby="sign-in-title">
      <div className="screen-header">
        <h1 id="sign-in-title" tabIndex={-1}>
          Sign in to {name}
        </h1>
      </div>
      <div className="card sign-in">
        {error ? (
          <div>
            <ErrorNote error={error} />
            {needsNewFlow ? (
              <div className="actions">
                <button type="button" onClick={() => void startOver()}>
                  Start over
                </button>
              </div>
            ) : null}
          </div>
        ) : null}
        {body}
      </div>
    </section>
  );
}

function BrowserStart({ provider, busy, onStart, onCancel }: { provider: string; busy: boolean; onStart: () => void; onCancel: () => void }) {
  return (
    <div>
      <h2>Sign in through your browser</h2>
      <p>
        This account signs in on {provider === 'your organisation' ? "your organisation's" : `${provider}'s`} own page, in your usual browser. The window never
        sees that password.
      </p>
      <div className="actions">
        <button type="button" className="primary" autoFocus disabled={busy} onClick={onStart}>
          {busy ? 'Opening your browser…' : `Sign in with ${provider}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SelfServiceLinks({ name, navigate }: { name: string; navigate: Navigate }) {
  return (
    <div className="actions self-service-links">
      <button type="button" className="link-button" onClick={() => navigate({ screen: 'forgot-password', name })}>
        Forgot your password?
      </button>
      <button type="button" className="link-button" onClick={() => navigate({ screen: 'sign-up', name })}>
        Create an account
      </button>
    </div>
  );
}

function SignedIn({ name, session, navigate }: { name: string; session: SessionView; navigate: Navigate }) {
  // eslint-disable-next-line react-hooks/purity -- because the figure is a snapshot taken when the session is (re)rendered, which each session event does
  const remaining = formatRemaining(session.credentialsExpireAt, Date.now() + (session.clock?.offsetMs ?? 0));
  return (
    <div role="status" aria-labelledby="signed-in-title">
      <h2 id="signed-in-title">Signed in</h2>
      <p>
        You are signed in to {name}
        {session.username ? ` as ${session.username}` : ''}.{session.activeRoleArn ? ` Credentials use the role ${roleName(session.activeRoleArn)}` : ''}
        {session.activeRoleArn && remaining ? ` and expire in ${remaining}.` : session.activeRoleArn ? '.' : ''}
      </p>
      <ClockWarning clock={session.clock} />
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => navigate({ screen: 'accounts' })}>
          Back to accounts
        </button>
        <button type="button" onClick={() => navigate({ screen: 'account', name })}>
          Groups and roles
        </button>
      </div>
    </div>
  );
}

function Failed({ message, hint, onStartOver, onCancel }: { message: string; hint?: string; onStartOver: () => void; onCancel: () => void }) {
  return (
    <div>
      <h2>Sign-in stopped</h2>
      <div className="note note-error" role="alert">
        <p className="note-message">{message}</p>
        {hint ? <p className="note-hint">{hint}</p> : null}
      </div>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={onStartOver}>
          Start over
        </button>
        <button type="button" onClick={onCancel}>
          Back to accounts
        </button>
      </div>
    </div>
  );
}
