import { useId, useState, type FormEvent } from 'react';
import { CodeField } from '../components/code-field.js';
import { QrCode } from '../components/qr-code.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

/** Groups of four, as authenticator apps show keys, so the key can be typed without losing one's place. */
export function groupKey(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * MFA_SETUP: the one place a TOTP seed is shown. It lives only in this step's props; when the flow moves on
 * the screen replaces the step and the seed is gone from the window.
 */
export function MfaSetupStep({ otpauthUri, secret, onAnswer, onCancel, busy, retryReason }: StepProps & { otpauthUri: string; secret: string }) {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string>();
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (code.length < 6) {
      setMissing('Enter all 6 digits of the code your app shows.');
      return;
    }
    setMissing(undefined);
    const typed = code;
    setCode('');
    await onAnswer(typed);
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Set up an authenticator app</h2>
      <p>Your pool asks for a second factor. Add this account to an authenticator app, then type the first code it shows.</p>
      <div className="enrol">
        <QrCode value={otpauthUri} label="QR code to scan with your authenticator app" />
        <div>
          <p>Scan the QR code, or type this key into the app:</p>
          <p className="secret-key mono" aria-label="Key to type into the app">
            {groupKey(secret)}
          </p>
          <p className="field-hint">Time-based, 6 digits, 30 seconds.</p>
        </div>
      </div>
      <CodeField label="First code from the app" value={code} onValue={setCode} error={missing ?? retryReason} />
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Verify and sign in" />
    </form>
  );
}
