/**
 * Submit, then "Send a new code" when the form waits on a code Cognito sent, then Cancel: the order and the busy
 * rule every self-service form uses.
 */
export function FormActions({
  busy,
  submitLabel,
  busyLabel = submitLabel,
  onResend,
  onCancel,
}: {
  busy: boolean;
  submitLabel: string;
  busyLabel?: string;
  onResend?: () => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
      {onResend ? (
        <button type="button" onClick={() => void onResend()} disabled={busy}>
          Send a new code
        </button>
      ) : null}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
