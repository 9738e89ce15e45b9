import { useId, useState, type FormEvent } from 'react';
import type { AccountView, RoleView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { roleAccount, roleName } from '../lib/format.js';

/** Why the identity pool gives this role when no role is asked for, in the terms of Cognito's rules. */
export function roleReason(role: RoleView, defaultRoleArn: string | undefined): string {
  if (role.arn === defaultRoleArn) return 'Your default role: asked for by name on every sign-in.';
  const groups = [...role.groups].sort((a, b) => (a.precedence ?? Infinity) - (b.precedence ?? Infinity));
  const named = groups.map((g) => (g.precedence === undefined ? g.name : `${g.name} (precedence ${g.precedence})`)).join(', ');
  if (role.preferred) {
    const why = groups[0] ? `group ${named} has the best (lowest) precedence` : 'your token names it as cognito:preferred_role';
    return `Preferred role: ${why}; used when no default is set.`;
  }
  return named
    ? `Granted by ${groups.length > 1 ? 'groups' : 'group'} ${named}; used when you choose it.`
    : 'One of the roles your groups give you (cognito:roles); used when you choose it.';
}

/** The account's roles, which one credentials use now and why, and the choice of a default role. */
export function RolesSection({ account, onChanged }: { account: AccountView; onChanged: () => void }) {
  const api = useApi();
  const roles = account.session.roles;
  const [choice, setChoice] = useState<string>(account.defaultRoleArn ?? '');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const group = useId();

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const updated = await api.setDefaultRole(account.name, choice === '' ? null : choice);
      setSaved(
        updated.defaultRoleArn
          ? `Default role is now ${roleName(updated.defaultRoleArn)}. New credentials use it.`
          : 'No default role: the pool decides (the preferred role).',
      );
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>Roles</h2>
      {account.session.activeRoleArn ? (
        <p>
          Credentials now use <strong title={account.session.activeRoleArn}>{roleName(account.session.activeRoleArn)}</strong>
          {account.session.activeRoleReason ? ` — ${account.session.activeRoleReason}` : ''}.
        </p>
      ) : null}
      {roles.length === 0 ? (
        <p className="muted">No roles known yet: sign in to see the roles your groups give you.</p>
      ) : (
        <form onSubmit={(e) => void save(e)}>
          <fieldset className="role-choices">
            <legend>Default role</legend>
            {roles.map((role) => (
              <label key={role.arn} className="choice">
                <input type="radio" name={group} value={role.arn} checked={choice === role.arn} onChange={() => setChoice(role.arn)} />
                <span className="choice-body">
                  <span className="choice-title">
                    {roleName(role.arn)}
                    {role.preferred ? <span className="badge badge-preferred">Preferred</span> : null}
                    {role.arn === account.defaultRoleArn ? <span className="badge badge-active">Default</span> : null}
                    <span className="muted"> {roleAccount(role.arn)}</span>
                  </span>
                  <span className="choice-detail mono">{role.arn}</span>
                  <span className="choice-detail">{roleReason(role, account.defaultRoleArn)}</span>
                </span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name={group} value="" checked={choice === ''} onChange={() => setChoice('')} />
              <span className="choice-body">
                <span className="choice-title">No default</span>
                <span className="choice-detail">Let the identity pool pick (the preferred role, when there is one).</span>
              </span>
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || choice === (account.defaultRoleArn ?? '')}>
              Use as default role
            </button>
          </div>
          {saved ? <p role="status">{saved}</p> : null}
          <ErrorNote error={error} />
        </form>
      )}
    </div>
  );
}
