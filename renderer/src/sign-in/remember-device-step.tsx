import { useId } from 'react';
import type { RememberDeviceAnswer } from '../../../main/contract/sign-in-method.js';
import type { StepProps } from './step-props.js';

/**
 * "Remember this computer?", asked once where the pool leaves device remembering to the user. Two buttons,
 * each one answer; the sentence says what remembering means before anyone chooses.
 */
export function RememberDeviceStep({ onAnswer, onCancel, busy, retryReason }: StepProps) {
  const id = useId();
  const answer = (value: RememberDeviceAnswer) => void onAnswer(value);

  return (
    <div role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`}>
      <h2 id={`${id}-title`}>Remember this computer?</h2>
      <p id={`${id}-what`}>
        If you remember it, later sign-ins on this computer can skip the second factor (MFA) where your pool allows it. Its device secret stays in this
        computer&apos;s keychain. Do not remember a computer other people use.
      </p>
      <p className="muted">You can forget this computer at any time in the account&apos;s details.</p>
      {retryReason ? (
        <p className="field-error" role="alert">
          {retryReason}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" autoFocus disabled={busy} onClick={() => answer('yes')}>
          Remember this computer
        </button>
        <button type="button" disabled={busy} onClick={() => answer('no')}>
          Don&apos;t remember it
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
