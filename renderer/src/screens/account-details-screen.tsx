import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../main/contract/app-api.js';
import { useApi, useAppEvent } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { StateBadge } from '../components/state-badge.js';
import { ConsoleSection } from './console-section.js';
import { DeviceSection } from './device-section.js';
import { EndpointSection } from './endpoint-section.js';
import { MfaSection } from './mfa-section.js';
import { PasskeysSection } from './passkeys-section.js';
import { RolesSection } from './roles-section.js';
import { roleName } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { Navigate } from '../route.js';

/**
 * A group's precedence lives in the pool's group settings, which only an administrator's API reads
 * (GetGroup, AdminListGroupsForUser); the ID token names the groups without it. "none" would read as "no
 * precedence", so an unknown one says where the gap is.
 */
const PRECEDENCE_UNKNOWN = 'not told by the pool';

/** Groups, roles and attributes of one account's user, and the choices of role and profiles. */
export function AccountDetailsScreen({ name, navigate }: { name: string; navigate: Navigate }) {
  const api = useApi();
  const account = useLoad(() => api.getAccount(name), [api, name]);
  const profiles = useLoad(() => api.listProfiles(), [api]);
  useAppEvent('accounts-changed', () => {
    account.reload();
    profiles.reload();
  });

  const a = account.data;
  return (
    <section aria-labelledby="details-title">
      <div className="screen-header">
        <h1 id="details-title" tabIndex={-1}>
          {name}
        </h1>
        {a ? <StateBadge state={a.session.state} /> : null}
        <div className="actions">
          <button type="button" onClick={() => navigate({ screen: 'accounts' })}>
            Back to accounts
          </button>
          <button type="button" onClick={() => navigate({ screen: 'account-form', name })}>
            Edit settings
          </button>
          {a?.session.state === 'signed-in' && !a.hostedUi ? (
            <button type="button" onClick={() => navigate({ screen: 'change-password', name })}>
              Change password
            </button>
          ) : null}
          <button type="button" className={a?.session.state === 'signed-in' ? undefined : 'primary'} onClick={() => navigate({ screen: 'sign-in', name })}>
            {a?.session.state === 'signed-in' ? 'Sign in again' : 'Sign in'}
          </button>
        </div>
      </div>
      <ErrorNote error={account.error} />
      {!a && account.loading ? <p role="status">Loading…</p> : null}
      {a ? (
        <>
          <UserFacts account={a} />
          <RolesSection account={a} onChanged={() => account.reload()} />
          {a.session.state === 'signed-in' ? <ConsoleSection account={a} /> : null}
          {a.session.state === 'signed-in' ? <EndpointSection name={a.name} /> : null}
          {/* The one place MFA is stated: what Cognito reports for the user (GetUser), read by the section. */}
          <MfaSection name={a.name} signedIn={a.session.state === 'signed-in'} />
          {/* Keyed by the user: a sign-in as someone else shows that user's passkeys and device. */}
          {a.session.state === 'signed-in' && a.authFlow === 'user-auth' ? <PasskeysSection key={`passkeys-${a.session.username ?? ''}`} account={a} /> : null}
          <DeviceSection key={`device-${a.session.username ?? ''}`} name={a.name} />
          <ProfilesSection
            account={a}
            profiles={(profiles.data ?? []).filter((p) => p.account === a.name)}
            onChanged={() => {
              profiles.reload();
              account.reload();
            }}
          />
        </>
      ) : null}
    </section>
  );
}

function UserFacts({ account }: { account: AccountView }) {
  const s = account.session;
  const custom = Object.entries(s.customAttributes);
  const signedIn = s.state === 'signed-in';
  return (
    <div className="card">
      <h2>User</h2>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{s.username ?? account.username ?? 'not set'}</dd>
        <dt>E-mail</dt>
        <dd>{s.email ?? (signedIn ? 'none' : 'unknown until sign-in')}</dd>
        <dt>Identity id</dt>
        <dd className="mono">{s.identityId ?? 'not yet known'}</dd>
        <dt>Region</dt>
        <dd>{account.region}</dd>
        <dt>User pool</dt>
        <dd className="mono">{account.userPoolId}</dd>
        <dt>Identity pool</dt>
        <dd className="mono">{account.identityPoolId}</dd>
      </dl>
      <h3>Groups</h3>
      {s.groups.length ? (
        <table className="table">
          <caption className="visually-hidden">Groups of {s.username ?? account.name}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Precedence</th>
            </tr>
          </thead>
          <tbody>
            {[...s.groups]
              .sort((x, y) => (x.precedence ?? Infinity) - (y.precedence ?? Infinity))
              .map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td>{g.precedence ?? PRECEDENCE_UNKNOWN}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No groups{s.state === 'signed-in' ? '' : ' known yet: sign in to see them'}.</p>
      )}
      <h3>Custom attributes</h3>
      {custom.length ? (
        <dl className="facts">
          {custom.map(([key, value]) => (
            <div key={key} className="fact-row">
              <dt className="mono">{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">None.</p>
      )}
    </div>
  );
}

function ProfilesSection({
  account,
  profiles,
  onChanged,
}: {
  account: AccountView;
  profiles: { name: string; roleArn?: string; effective: boolean; warning?: string }[];
  onChanged: () => void;
}) {
  const api = useApi();
  const roles = account.session.roles;
  const [roleArn, setRoleArn] = useState(roles[0]?.arn ?? '');
  const [profileName, setProfileName] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const roleId = useId();
  const nameId = useId();
  const nameHint = useId();

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(undefined);
    try {
      const profile = await api.addProfile(account.name, roleArn, profileName.trim() || undefined);
      setSaved(`Added profile ${profile.name}. Use it with --profile ${profile.name}.`);
      setProfileName('');
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function remove(name: string) {
    setError(undefined);
    setSaved(undefined);
    try {
      await api.removeProfile(name);
      setSaved(`Removed profile ${name}.`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="card">
      <h2>AWS profiles</h2>
      {profiles.length ? (
        <table className="table">
          <caption className="visually-hidden">Profiles that use {account.name}</caption>
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.name}>
                <td className="mono">{p.name}</td>
                <td title={p.roleArn}>{p.roleArn ? roleName(p.roleArn) : 'account default'}</td>
                <td>{p.effective ? 'In use' : <span className="warn">{p.warning ?? 'Shadowed by another setting'}</span>}</td>
                <td>
                  <button type="button" onClick={() => void remove(p.name)}>
                    Remove<span className="visually-hidden"> profile {p.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No profiles use this account yet.</p>
      )}
      {roles.length ? (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <h3>Add a profile for a role</h3>
          <div className="field">
            <label htmlFor={roleId}>Role</label>
            <select id={roleId} value={roleArn} onChange={(e) => setRoleArn(e.target.value)}>
              {roles.map((r) => (
                <option key={r.arn} value={r.arn}>
                  {roleName(r.arn)} ({r.arn})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={nameId}>Profile name</label>
            <input id={nameId} value={profileName} onChange={(e) => setProfileName(e.target.value)} aria-describedby={nameHint} />
            <p id={nameHint} className="field-hint">
              Optional; left empty, the broker names it after the account and role.
            </p>
          </div>
          <div className="actions">
            <button type="submit" disabled={!roleArn}>
              Add profile
            </button>
          </div>
        </form>
      ) : null}
      {saved ? <p role="status">{saved}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}
