import { FIRST_FACTOR_LABELS, type FirstFactor } from '../../../main/contract/sign-in-method.js';
import { FIRST_FACTOR_TEXT } from '../lib/first-factor-text.js';
import { ChoiceStep } from './choice-step.js';
import type { StepProps } from './step-props.js';

const describe = (option: FirstFactor) => ({ title: FIRST_FACTOR_LABELS[option], detail: FIRST_FACTOR_TEXT[option].detail });

/** USER_AUTH's SELECT_CHALLENGE: the first factors the pool offers this user. */
export function SelectFactorStep(props: StepProps & { options: FirstFactor[] }) {
  return (
    <ChoiceStep
      {...props}
      title="Choose how to sign in"
      intro="Your pool offers these ways to sign in. Pick one for this time."
      legend="Sign in with"
      describe={describe}
    />
  );
}
