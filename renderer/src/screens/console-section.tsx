import { useState } from 'react';
import type { AccountView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { roleName } from '../lib/format.js';

/**
 * Opens the AWS console in the system browser, as the account's current role or as one of its other roles.
 * The sign-in URL grants access, so it is built and opened by the core and never comes to the window.
 */
export function ConsoleSection({ account }: { account: AccountView }) {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const [opened, setOpened] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const current = account.session.activeRoleArn;
  const others = account.session.roles.filter((r) => r.arn !== current);

  async function open(roleArn?: string) {
    setBusy(roleArn ?? '');
    setError(undefined);
    setOpened(undefined);
    try {
      await api.openConsole(account.name, roleArn);
      setOpened(`The AWS console opens in your browser${roleArn ? ` as ${roleName(roleArn)}` : ''}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div className="card">
      <h2>AWS console</h2>
      <div className="actions">
        <button type="button" onClick={() => void open()} disabled={busy !== undefined}>
          Open AWS console{current ? ` as ${roleName(current)}` : ''}
        </button>
        {others.map((r) => (
          <button key={r.arn} type="button" onClick={() => void open(r.arn)} disabled={busy !== undefined} title={r.arn}>
            Open console as {roleName(r.arn)}
          </button>
        ))}
      </div>
      {opened ? <p role="status">{opened}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}
