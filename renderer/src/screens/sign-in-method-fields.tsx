import { useId } from 'react';
import type { AuthFlow } from '../../../main/contract/account-input.js';
import { FIRST_FACTORS, FIRST_FACTOR_LABELS, isFirstFactor, type FirstFactor } from '../../../main/contract/sign-in-method.js';

function toAuthFlow(value: string): AuthFlow {
  return value === 'password' || value === 'user-auth' ? value : 'srp';
}

/**
 * The account form's sign-in method and, for a choice-based (USER_AUTH) account, the preferred first factor
 * (sent as PREFERRED_CHALLENGE). Left on "ask each time", sign-in shows what the pool offers.
 */
export function SignInMethodFields({
  authFlow,
  firstFactor,
  onAuthFlow,
  onFirstFactor,
}: {
  authFlow: AuthFlow;
  firstFactor: FirstFactor | '';
  onAuthFlow: (value: AuthFlow) => void;
  onFirstFactor: (value: FirstFactor | '') => void;
}) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-flow`}>Sign-in method</label>
        <select id={`${id}-flow`} value={authFlow} onChange={(e) => onAuthFlow(toAuthFlow(e.target.value))}>
          <option value="srp">Secure Remote Password (the password never leaves this computer)</option>
          <option value="password">Plain password (only if the app client requires it)</option>
          <option value="user-auth">Choice-based (password, code by e-mail or text message, passkey)</option>
        </select>
      </div>
      {authFlow === 'user-auth' ? (
        <div className="field">
          <label htmlFor={`${id}-factor`}>Preferred first factor</label>
          <select
            id={`${id}-factor`}
            value={firstFactor}
            onChange={(e) => onFirstFactor(isFirstFactor(e.target.value) ? e.target.value : '')}
            aria-describedby={`${id}-factor-hint`}
          >
            <option value="">Ask each time (the pool offers its choice)</option>
            {FIRST_FACTORS.map((f) => (
              <option key={f} value={f}>
                {FIRST_FACTOR_LABELS[f]}
              </option>
            ))}
          </select>
          <p id={`${id}-factor-hint`} className="field-hint">
            What sign-in asks for first. Each sign-in can still choose another way.
          </p>
        </div>
      ) : null}
    </>
  );
}
