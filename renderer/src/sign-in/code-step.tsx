import { useId } from 'react';
import { SEND_NEW_CODE } from '../../../main/contract/sign-in-method.js';
import { CodeField } from '../components/code-field.js';
import { useCodeEntry } from '../components/use-code-entry.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

type CodeKind = 'totp-code' | 'sms-code' | 'email-code';

const TEXT: Record<CodeKind, { title: string; label: string; where: (destination?: string) => string }> = {
  'totp-code': {
    title: 'Authenticator code',
    label: 'Code from your authenticator app',
    where: () => 'Open your authenticator app and type the 6-digit code it shows for this account.',
  },
  'sms-code': {
    title: 'Text message code',
    label: 'Code from the text message',
    where: (d) => (d ? `We sent a code by text message to ${d}.` : 'We sent a code by text message to your phone.'),
  },
  'email-code': {
    title: 'E-mail code',
    label: 'Code from the e-mail',
    where: (d) => (d ? `We sent a code by e-mail to ${d}.` : 'We sent a code to your e-mail address.'),
  },
};

/**
 * TOTP, SMS and e-mail codes: the same field, different words, and the masked destination Cognito returned.
 * A first-factor code (USER_AUTH) can be sent again: "Send a new code" answers SEND_NEW_CODE, and the core
 * comes back with the same step, which says (`resent`) that a new code is on its way.
 */
export function CodeStep({
  kind,
  destination,
  canResend,
  resent,
  onAnswer,
  onCancel,
  busy,
  retryReason,
}: StepProps & { kind: CodeKind; destination?: string; canResend?: boolean; resent?: boolean }) {
  const { code, setCode, missing, submit } = useCodeEntry(onAnswer);
  const id = useId();
  const text = TEXT[kind];
  const resend = canResend && kind !== 'totp-code' ? () => onAnswer(SEND_NEW_CODE) : undefined;

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{text.title}</h2>
      <p>{text.where(destination)}</p>
      {resent ? <p role="status">{destination ? `A new code is on its way to ${destination}.` : 'A new code is on its way.'}</p> : null}
      <CodeField label={text.label} value={code} onValue={setCode} error={missing ?? retryReason} />
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Verify" {...(resend ? { onResend: resend } : {})} />
    </form>
  );
}
