import { useState } from 'react';
import type { EndpointVariablesView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';

/**
 * Copies the variables of the app's credentials endpoint for this account (IDEs, notebooks, containers). The
 * window only ever gets the token file's path: the copied lines read the token from it when a shell runs them.
 */
export function EndpointSection({ name }: { name: string }) {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const [shown, setShown] = useState<{ variables: EndpointVariablesView; copied: boolean }>();

  async function copy() {
    setError(undefined);
    try {
      const variables = await api.endpointVariables(name);
      let copied = false;
      try {
        await navigator.clipboard.writeText(variables.shell);
        copied = true;
      } catch {
        // Clipboard access can be refused (no focus, no permission): the lines are shown to copy by hand.
      }
      setShown({ variables, copied });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="card">
      <h2>Credentials endpoint</h2>
      <p>For IDEs, notebooks and containers on this computer: the AWS SDKs and CLI get renewed credentials from the app with no profile.</p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy endpoint variables
        </button>
      </div>
      <ErrorNote error={error} />
      {shown ? (
        <div role="status">
          <p>{shown.copied ? 'Copied. Paste the lines into a shell, or set these in your IDE:' : 'Copy these lines into a shell, or set these in your IDE:'}</p>
          <pre>{shown.variables.shell}</pre>
          <dl>
            <dt>AWS_CONTAINER_CREDENTIALS_FULL_URI</dt>
            <dd>{shown.variables.url}</dd>
            <dt>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</dt>
            <dd>{shown.variables.tokenFile}</dd>
          </dl>
        </div>
      ) : null}
    </div>
  );
}
