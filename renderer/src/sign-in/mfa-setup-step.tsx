import { useId } from 'react';
import { CodeField } from '../components/code-field.js';
import { TotpKey } from '../components/totp-key.js';
import { useCodeEntry } from '../components/use-code-entry.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

/**
 * MFA_SETUP: the one place a TOTP seed is shown. It lives only in this step's props; when the flow moves on
 * the screen replaces the step and the seed is gone from the window.
 */
export function MfaSetupStep({ otpauthUri, secret, onAnswer, onCancel, busy, retryReason }: StepProps & { otpauthUri: string; secret: string }) {
  const { code, setCode, missing, submit } = useCodeEntry(onAnswer, 'Enter all 6 digits of the code your app shows.');
  const id = useId();

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Set up an authenticator app</h2>
      <p>Your pool asks for a second factor. Add this account to an authenticator app, then type the first code it shows.</p>
      <TotpKey otpauthUri={otpauthUri} secret={secret} />
      <CodeField label="First code from the app" value={code} onValue={setCode} error={missing ?? retryReason} />
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Verify and sign in" />
    </form>
  );
}
