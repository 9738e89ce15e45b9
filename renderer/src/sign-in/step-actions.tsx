import { FormActions } from '../components/form-actions.js';

/** Continue and cancel, the same in every step; while the answer is checked the submit says so. */
export function StepActions({
  busy,
  onCancel,
  onResend,
  submitLabel = 'Continue',
}: {
  busy: boolean;
  onCancel: () => void;
  /** A step waiting on a code Cognito sent, where a new one can be asked for. */
  onResend?: () => Promise<void>;
  submitLabel?: string;
}) {
  return <FormActions busy={busy} submitLabel={submitLabel} busyLabel="Checking…" onCancel={onCancel} {...(onResend ? { onResend } : {})} />;
}
