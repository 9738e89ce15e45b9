import { useId, useState } from 'react';

/** "Sign in with Google" when the account names an IdP, otherwise the organisation's own sign-in page. */
export function providerName(identityProvider?: string): string {
  return identityProvider ?? 'your organisation';
}

/**
 * Managed login: the core has opened the system browser at the authorize address and waits for the
 * loopback redirect. The address is shown as a fallback (it holds only the PKCE challenge and state, no
 * secret) for when no browser opened; Cancel ends the wait.
 */
export function BrowserStep({ url, identityProvider, onCancel }: { url: string; identityProvider?: string; onCancel: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState<string>();

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Address copied. Paste it into your browser.');
    } catch {
      setCopied('Copying is not allowed here: select the address and copy it yourself.');
    }
  }

  return (
    <div aria-labelledby={`${id}-title`} role="group">
      <h2 id={`${id}-title`}>Continue in your browser</h2>
      <p role="status">
        We opened your browser at the sign-in page of {providerName(identityProvider)}. Finish signing in there; this window carries on by itself when you are
        done.
      </p>
      <p>
        No browser opened?{' '}
        <a href={url} target="_blank" rel="noreferrer">
          Open the sign-in page
        </a>{' '}
        or copy its address into one:
      </p>
      <div className="field">
        <label htmlFor={`${id}-url`}>Sign-in address</label>
        <input id={`${id}-url`} value={url} readOnly spellCheck={false} onFocus={(e) => e.target.select()} />
      </div>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy address
        </button>
        <button type="button" className="primary" onClick={onCancel} autoFocus>
          Cancel sign-in
        </button>
      </div>
      {copied ? <p role="status">{copied}</p> : null}
    </div>
  );
}
