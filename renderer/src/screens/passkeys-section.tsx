import { useId, useState } from 'react';
import type { AccountView, PasskeyView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { useBusyAction } from '../components/use-busy-action.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';

const passkeyName = (p: PasskeyView) => p.friendlyName ?? 'Unnamed passkey';

/**
 * The signed-in user's passkeys (ListWebAuthnCredentials), each deletable after a confirmation. Cognito
 * answers that only to the user's access token, so the details screen shows this section for a signed-in
 * choice-based (USER_AUTH) account: the only kind that signs in with a passkey. An SRP or password account
 * never uses one, so it is not asked (no call, no empty table).
 */
export function PasskeysSection({ account }: { account: AccountView }) {
  const api = useApi();
  const loaded = useLoad(() => api.listPasskeys(account.name), [api, account.name]);
  const [list, setList] = useState<PasskeyView[]>();
  const [confirming, setConfirming] = useState<PasskeyView>();
  const [saved, setSaved] = useState<string>();
  const { busy, error, act } = useBusyAction();
  const confirmId = useId();
  const passkeys = list ?? loaded.data;

  const remove = (passkey: PasskeyView) =>
    act(async () => {
      setSaved(undefined);
      setList(await api.deletePasskey(account.name, passkey.credentialId));
      setConfirming(undefined);
      setSaved(`Deleted the passkey ${passkeyName(passkey)}. It no longer signs you in.`);
    });

  return (
    <div className="card">
      <h2>Passkeys</h2>
      <ErrorNote error={loaded.error} />
      {!passkeys && loaded.loading ? <p role="status">Loading…</p> : null}
      {passkeys?.length ? (
        <table className="table">
          <caption className="visually-hidden">Passkeys of {account.session.username ?? account.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Relying party</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {passkeys.map((p) => (
              <tr key={p.credentialId}>
                <td>{passkeyName(p)}</td>
                <td>{formatTime(p.createdAt)}</td>
                <td className="mono">{p.relyingPartyId}</td>
                <td>
                  <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(p)}>
                    Delete<span className="visually-hidden"> passkey {passkeyName(p)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : passkeys ? (
        <p className="muted">No passkeys for this user.</p>
      ) : null}
      {passkeys ? (
        <p className="field-hint">
          New passkeys are added on your pool&apos;s sign-in page in a browser: a passkey belongs to that web address, which this window cannot vouch for.
        </p>
      ) : null}
      {confirming ? (
        <div className="note note-warn" role="alertdialog" aria-labelledby={confirmId}>
          <p id={confirmId} className="note-message">
            Delete the passkey {passkeyName(confirming)}? You can no longer sign in with it, on any device.
          </p>
          <div className="actions">
            <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void remove(confirming)}>
              Delete passkey
            </button>
            <button type="button" onClick={() => setConfirming(undefined)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      {saved ? <p role="status">{saved}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}
