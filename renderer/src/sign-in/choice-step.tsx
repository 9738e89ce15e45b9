import { useId, useState, type FormEvent } from 'react';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

export interface ChoiceStepProps<T extends string> extends StepProps {
  title: string;
  /** A sentence under the title, when the choice needs one. */
  intro?: string;
  legend: string;
  /** Only what the core reports is offered; the first is chosen at the start. */
  options: T[];
  describe: (option: T) => { title: string; detail: string };
}

/**
 * A sign-in step that asks the person to pick one of a few ways, as radio buttons: arrow keys move between
 * them, Enter continues. One component so every such question looks and behaves the same.
 */
export function ChoiceStep<T extends string>({ title, intro, legend, options, describe, onAnswer, onCancel, busy, retryReason }: ChoiceStepProps<T>) {
  const [choice, setChoice] = useState<T | undefined>(options[0]);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) await onAnswer(choice);
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <fieldset className="role-choices">
        <legend>{legend}</legend>
        {options.map((option, i) => (
          <label key={option} className="choice">
            <input type="radio" name={id} value={option} checked={choice === option} onChange={() => setChoice(option)} autoFocus={i === 0} />
            <span className="choice-body">
              <span className="choice-title">{describe(option).title}</span>
              <span className="choice-detail">{describe(option).detail}</span>
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
