import { describeError } from '../api/api-error.js';

/** A refusal in words: what happened, then what to do. Announced to screen readers as it appears. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, hint } = describeError(error);
  return (
    <div className="note note-error" role="alert">
      <p className="note-message">{message}</p>
      {hint ? <p className="note-hint">{hint}</p> : null}
    </div>
  );
}
