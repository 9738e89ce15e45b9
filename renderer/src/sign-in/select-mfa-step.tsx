import { useId, useState, type FormEvent } from 'react';
import type { MfaType } from '../../../main/contract/mfa.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

const FACTORS: Record<MfaType, { title: string; detail: string }> = {
  SOFTWARE_TOKEN_MFA: { title: 'Authenticator app', detail: 'A 6-digit code from the app on your phone.' },
  SMS_MFA: { title: 'Text message', detail: 'A code sent to your phone.' },
  EMAIL_OTP: { title: 'E-mail', detail: 'A code sent to your e-mail address.' },
};

/** SELECT_MFA_TYPE: the person picks which of their factors to use this time. */
export function SelectMfaStep({ options, onAnswer, onCancel, busy, retryReason }: StepProps & { options: MfaType[] }) {
  const [choice, setChoice] = useState<MfaType | undefined>(options[0]);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) await onAnswer(choice);
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Choose how to confirm it is you</h2>
      <fieldset className="role-choices">
        <legend>Second factor</legend>
        {options.map((option, i) => (
          <label key={option} className="choice">
            <input type="radio" name={id} value={option} checked={choice === option} onChange={() => setChoice(option)} autoFocus={i === 0} />
            <span className="choice-body">
              <span className="choice-title">{FACTORS[option].title}</span>
              <span className="choice-detail">{FACTORS[option].detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {retryReason ? (
        <p className="field-error" role="alert">
          {retryReason}
        </p>
      ) : null}
      <StepActions busy={busy} onCancel={onCancel} />
    </form>
  );
}
