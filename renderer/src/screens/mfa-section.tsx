import { useId, useState, type FormEvent } from 'react';
import type { MfaStatus } from '../../../main/contract/app-api.js';
import type { MfaType } from '../../../main/contract/mfa.js';
import { useApi } from '../api/api-context.js';
import { CodeField } from '../components/code-field.js';
import { ErrorNote } from '../components/error-note.js';
import { FormActions } from '../components/form-actions.js';
import { TotpKey } from '../components/totp-key.js';
import { useBusyAction } from '../components/use-busy-action.js';
import { useCodeEntry } from '../components/use-code-entry.js';
import { useLoad } from '../lib/use-load.js';

export const MFA_LABELS: Record<MfaType, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  SMS_MFA: 'Text message',
  EMAIL_OTP: 'E-mail code',
};

/**
 * The one place the window states a user's MFA: the factors Cognito reports for the user (GetUser's
 * UserMFASettingList and PreferredMfaSetting), with TOTP enrolment (QR drawn here, key, first code), turning
 * TOTP off and choosing the preferred factor. Cognito answers that only to a signed-in session, so a
 * signed-out account gets a sentence instead of a guess.
 */
export function MfaSection({ name, signedIn = true }: { name: string; signedIn?: boolean }) {
  if (!signedIn) {
    return (
      <div className="card">
        <h2>Multi-factor authentication</h2>
        <p className="muted">Unknown until sign-in: Cognito tells only a signed-in user which factors are on.</p>
      </div>
    );
  }
  return <MfaManagement name={name} />;
}

/** The enrolment seed lives only in this component's state while enrolment is open and is dropped when it ends, either way. */
function MfaManagement({ name }: { name: string }) {
  const api = useApi();
  const loaded = useLoad(() => api.getMfaStatus(name), [api, name]);
  const [status, setStatus] = useState<MfaStatus>();
  const [enrolment, setEnrolment] = useState<{ otpauthUri: string; secret: string }>();
  const [confirmOff, setConfirmOff] = useState(false);
  const { busy, error, act: run } = useBusyAction();
  const [saved, setSaved] = useState<string>();
  const offId = useId();
  const current = status ?? loaded.data;
  const totpOn = current?.enabled.includes('SOFTWARE_TOKEN_MFA') ?? false;

  // A new request clears the last confirmation as well as the last refusal.
  function act(action: () => Promise<void>) {
    setSaved(undefined);
    return run(action);
  }

  const start = () =>
    act(async () => {
      setEnrolment(await api.startTotpEnrolment(name));
    });

  const verify = (code: string) =>
    act(async () => {
      setStatus(await api.verifyTotpEnrolment(name, code));
      setEnrolment(undefined);
      setSaved('Authenticator app is on. Sign-ins now ask for its code.');
    });

  const disable = () =>
    act(async () => {
      setStatus(await api.disableTotp(name));
      setConfirmOff(false);
      setSaved('Authenticator app is off for this user.');
    });

  const prefer = (type: MfaType) =>
    act(async () => {
      setStatus(await api.setPreferredMfa(name, type));
      setSaved(`${MFA_LABELS[type]} is now the factor Cognito asks for first.`);
    });

  return (
    <div className="card">
      <h2>Multi-factor authentication</h2>
      <ErrorNote error={loaded.error} />
      {!current && loaded.loading ? <p role="status">Loading…</p> : null}
      {current ? (
        <>
          <dl className="facts">
            <dt>Factors on</dt>
            <dd>{current.enabled.length ? current.enabled.map((t) => MFA_LABELS[t]).join(', ') : 'None'}</dd>
            <dt>Preferred</dt>
            <dd>{current.preferred ? MFA_LABELS[current.preferred] : 'None chosen'}</dd>
          </dl>
          {enrolment ? (
            <Enrolment enrolment={enrolment} busy={busy} onVerify={verify} onCancel={() => setEnrolment(undefined)} />
          ) : (
            <div className="actions">
              {totpOn ? (
                confirmOff ? null : (
                  <button type="button" className="danger" onClick={() => setConfirmOff(true)} disabled={busy}>
                    Turn off authenticator app
                  </button>
                )
              ) : (
                <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
                  Set up an authenticator app
                </button>
              )}
            </div>
          )}
          {confirmOff ? (
            <div className="note note-warn" role="alertdialog" aria-labelledby={offId}>
              <p id={offId} className="note-message">
                Turn off the authenticator app? Sign-ins then ask only for the password, unless another factor is on.
              </p>
              <div className="actions">
                <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void disable()}>
                  Turn it off
                </button>
                <button type="button" onClick={() => setConfirmOff(false)}>
                  Keep it on
                </button>
              </div>
            </div>
          ) : null}
          {current.enabled.length > 0 ? <PreferredChoice status={current} busy={busy} onChoose={prefer} /> : null}
        </>
      ) : null}
      {saved ? <p role="status">{saved}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}

function Enrolment({
  enrolment,
  busy,
  onVerify,
  onCancel,
}: {
  enrolment: { otpauthUri: string; secret: string };
  busy: boolean;
  onVerify: (code: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { code, setCode, missing, submit } = useCodeEntry(onVerify, 'Enter all 6 digits of the code your app shows.');
  const id = useId();

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Set up an authenticator app</h3>
      <TotpKey otpauthUri={enrolment.otpauthUri} secret={enrolment.secret} />
      <CodeField label="First code from the app" value={code} onValue={setCode} error={missing} />
      <FormActions busy={busy} submitLabel="Verify and turn on" busyLabel="Checking…" onCancel={onCancel} />
    </form>
  );
}

function PreferredChoice({ status, busy, onChoose }: { status: MfaStatus; busy: boolean; onChoose: (type: MfaType) => Promise<void> }) {
  const [choice, setChoice] = useState<MfaType | undefined>(status.preferred);
  const group = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) await onChoose(choice);
  }

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <fieldset className="role-choices">
        <legend>Preferred factor</legend>
        {status.enabled.map((type) => (
          <label key={type} className="choice">
            <input type="radio" name={group} value={type} checked={choice === type} onChange={() => setChoice(type)} />
            <span className="choice-body">
              <span className="choice-title">{MFA_LABELS[type]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy || !choice || choice === status.preferred}>
          Use as preferred factor
        </button>
      </div>
    </form>
  );
}
