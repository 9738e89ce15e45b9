import { useId, useState, type FormEvent } from 'react';
import { FIRST_FACTOR_LABELS, type FirstFactor } from '../../../main/contract/sign-in-method.js';
import { FIRST_FACTOR_TEXT } from '../lib/first-factor-text.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

/**
 * USER_AUTH's SELECT_CHALLENGE: the first factors the pool offers this user, as radio buttons (arrow keys
 * move between them, Enter continues). Only what the core reports is offered.
 */
export function SelectFactorStep({ options, onAnswer, onCancel, busy, retryReason }: StepProps & { options: FirstFactor[] }) {
  const [choice, setChoice] = useState<FirstFactor | undefined>(options[0]);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) await onAnswer(choice);
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Choose how to sign in</h2>
      <p>Your pool offers these ways to sign in. Pick one for this time.</p>
      <fieldset className="role-choices">
        <legend>Sign in with</legend>
        {options.map((option, i) => (
          <label key={option} className="choice">
            <input type="radio" name={id} value={option} checked={choice === option} onChange={() => setChoice(option)} autoFocus={i === 0} />
            <span className="choice-body">
              <span className="choice-title">{FIRST_FACTOR_LABELS[option]}</span>
              <span className="choice-detail">{FIRST_FACTOR_TEXT[option].detail}</span>
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
