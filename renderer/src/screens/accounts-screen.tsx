import { useState } from 'react';
import type { AccountView } from '../../../main/contract/app-api.js';
import { useApi, useAppEvent } from '../api/api-context.js';
import { ClockWarning } from '../components/clock-warning.js';
import { ErrorNote } from '../components/error-note.js';
import { StateBadge } from '../components/state-badge.js';
import { formatRemaining, roleName } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import { useNow } from '../lib/use-now.js';
import type { Navigate } from '../route.js';
import { ImportAccounts } from './import-accounts.js';

/** Every account, its session and what it is used for, with the actions a developer needs most often. */
export function AccountsScreen({ navigate }: { navigate: Navigate }) {
  const api = useApi();
  const accounts = useLoad(() => api.listAccounts(), [api]);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const [exported, setExported] = useState<{ account: string; lines: string; copied: boolean }>();
  const now = useNow();

  useAppEvent('accounts-changed', () => accounts.reload());

  async function act(key: string, action: () => Promise<unknown>) {
    setBusy(key);
    setActionError(undefined);
    try {
      await action();
      accounts.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(undefined);
    }
  }

  async function copyExport(name: string) {
    setActionError(undefined);
    try {
      const lines = await api.exportLines(name);
      let copied = false;
      try {
        await navigator.clipboard.writeText(lines);
        copied = true;
      } catch {
        // Clipboard access can be refused (no focus, no permission): the lines are shown to copy by hand.
      }
      setExported({ account: name, lines, copied });
    } catch (error) {
      setActionError(error);
    }
  }

  const list = accounts.data;
  return (
    <section aria-labelledby="accounts-title">
      <div className="screen-header">
        <h1 id="accounts-title" tabIndex={-1}>
          Accounts
        </h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => navigate({ screen: 'account-form' })}>
            Add account
          </button>
          <ImportAccounts onImported={() => accounts.reload()} />
        </div>
      </div>
      <ErrorNote error={accounts.error} />
      <ErrorNote error={actionError} />
      {exported ? (
        <div className="note note-info" role="status">
          <p className="note-message">
            {exported.copied
              ? `Copied the export lines for ${exported.account}. Paste them into a shell.`
              : `Copy these lines for ${exported.account} into a shell:`}
          </p>
          <pre className="export-lines" aria-label={`Export lines for ${exported.account}`}>
            {exported.lines}
          </pre>
          <button type="button" onClick={() => setExported(undefined)}>
            Close
          </button>
        </div>
      ) : null}
      {list === undefined && accounts.loading ? <p role="status">Loading accounts…</p> : null}
      {list && list.length === 0 ? (
        <div className="empty">
          <p>No accounts yet.</p>
          <p>Add one with the ids your administrator gave you, or import their JSON file.</p>
        </div>
      ) : null}
      {list && list.length > 0 ? (
        <ul className="account-list" aria-label="Accounts">
          {list.map((account) => (
            <AccountCard
              key={account.name}
              account={account}
              now={now}
              busy={busy}
              navigate={navigate}
              onSignOut={() => void act(`sign-out:${account.name}`, () => api.signOut(account.name))}
              onMakeActive={() => void act(`active:${account.name}`, () => api.setActiveAccount(account.name))}
              onCopyExport={() => void copyExport(account.name)}
              onOpenConsole={() => void act(`console:${account.name}`, () => api.openConsole(account.name))}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

interface CardProps {
  account: AccountView;
  now: number;
  busy: string | undefined;
  navigate: Navigate;
  onSignOut: () => void;
  onMakeActive: () => void;
  onCopyExport: () => void;
  onOpenConsole: () => void;
}

function AccountCard({ account, now, busy, navigate, onSignOut, onMakeActive, onCopyExport, onOpenConsole }: CardProps) {
  const { session } = account;
  // Expiration is AWS's time: judged by AWS's clock (this one plus the measured offset), as the broker does.
  const credentials = formatRemaining(session.credentialsExpireAt, now + (session.clock?.offsetMs ?? 0));
  const refresh = formatRemaining(session.refreshTokenExpiresAt, now);
  const signedIn = session.state === 'signed-in';
  const titleId = `account-${account.name}`;
  return (
    <li className={`card account-card${account.active ? ' account-active' : ''}`} aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId}>{account.name}</h2>
        <StateBadge state={session.state} />
        {account.active ? <span className="badge badge-active">Active</span> : null}
      </div>
      <dl className="facts">
        <dt>User</dt>
        <dd>{session.username ?? account.username ?? 'not set'}</dd>
        <dt>Credentials</dt>
        <dd>{credentials ? (credentials === 'expired' ? 'expired' : `expire in ${credentials}`) : 'none cached'}</dd>
        <dt>Session</dt>
        <dd>{refresh ? (refresh === 'expired' ? 'expired' : `ends in ${refresh}`) : 'not signed in'}</dd>
        <dt>Role</dt>
        <dd>
          {session.activeRoleArn ? (
            <>
              <span title={session.activeRoleArn}>{roleName(session.activeRoleArn)}</span>
              {session.activeRoleReason ? <span className="muted"> — {session.activeRoleReason}</span> : null}
            </>
          ) : (
            'decided at sign-in'
          )}
        </dd>
        <dt>Identity id</dt>
        <dd className="mono">{session.identityId ?? 'not yet known'}</dd>
        <dt>Profiles</dt>
        <dd>{account.profiles.length ? account.profiles.join(', ') : 'none'}</dd>
      </dl>
      <ClockWarning clock={session.clock} />
      <div className="actions">
        <button type="button" className={signedIn ? undefined : 'primary'} onClick={() => navigate({ screen: 'sign-in', name: account.name })}>
          {signedIn ? 'Sign in again' : 'Sign in'}
          <span className="visually-hidden"> to {account.name}</span>
        </button>
        {signedIn ? (
          <button type="button" onClick={onSignOut} disabled={busy === `sign-out:${account.name}`}>
            Sign out<span className="visually-hidden"> of {account.name}</span>
          </button>
        ) : null}
        {!account.active ? (
          <button type="button" onClick={onMakeActive} disabled={busy === `active:${account.name}`}>
            Make active<span className="visually-hidden"> ({account.name})</span>
          </button>
        ) : null}
        {signedIn ? (
          <button type="button" onClick={onOpenConsole} disabled={busy === `console:${account.name}`}>
            Open AWS console<span className="visually-hidden"> for {account.name}</span>
          </button>
        ) : null}
        <button type="button" onClick={onCopyExport}>
          Copy export lines<span className="visually-hidden"> for {account.name}</span>
        </button>
        <button type="button" onClick={() => navigate({ screen: 'account', name: account.name })}>
          Details<span className="visually-hidden"> of {account.name}</span>
        </button>
      </div>
    </li>
  );
}
