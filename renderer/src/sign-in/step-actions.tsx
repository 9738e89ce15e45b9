import { FormActions } from '../components/form-actions.js';

/** Continue and cancel, the same in every step; while the answer is checked the submit says so. */
export function StepActions({ busy, onCancel, submitLabel = 'Continue' }: { busy: boolean; onCancel: () => void; submitLabel?: string }) {
  return <FormActions busy={busy} submitLabel={submitLabel} busyLabel="Checking…" onCancel={onCancel} />;
}
