/** Continue and cancel, the same in every step. */
export function StepActions({ busy, onCancel, submitLabel = 'Continue' }: { busy: boolean; onCancel: () => void; submitLabel?: string }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
