import { useId } from 'react';
import { FieldError } from './field-error.js';

/** A one-time code input: digits only, the platform's one-time-code autofill, the refusal reason tied to it. */
export function CodeField({
  label,
  value,
  onValue,
  error,
  hint,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  hint?: string;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="code-input"
        value={value}
        onChange={(e) => onValue(e.target.value.replace(/\D/g, '').slice(0, 8))}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoFocus
        required
      />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
