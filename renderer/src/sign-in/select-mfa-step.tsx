import type { MfaType } from '../../../main/contract/mfa.js';
import { ChoiceStep } from './choice-step.js';
import type { StepProps } from './step-props.js';

const FACTORS: Record<MfaType, { title: string; detail: string }> = {
  SOFTWARE_TOKEN_MFA: { title: 'Authenticator app', detail: 'A 6-digit code from the app on your phone.' },
  SMS_MFA: { title: 'Text message', detail: 'A code sent to your phone.' },
  EMAIL_OTP: { title: 'E-mail', detail: 'A code sent to your e-mail address.' },
};

const describe = (option: MfaType) => FACTORS[option];

/** SELECT_MFA_TYPE: the person picks which of their factors to use this time. */
export function SelectMfaStep(props: StepProps & { options: MfaType[] }) {
  return <ChoiceStep {...props} title="Choose how to confirm it is you" legend="Second factor" describe={describe} />;
}
