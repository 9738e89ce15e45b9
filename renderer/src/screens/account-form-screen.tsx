import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountInput } from '../../../main/contract/account-input.js';
import type { AccountCheck, AccountView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { TextField } from '../components/text-field.js';
import { EMPTY_ACCOUNT_FORM, fromAccount, regionFromPoolId, toAccountInput, validateAccountForm, type AccountFormValues } from '../lib/account-fields.js';
import type { Navigate } from '../route.js';
import { SignInMethodFields } from './sign-in-method-fields.js';

/** Settings the form does not edit, carried through an edit as they are. */
function kept(existing: AccountView | undefined): Pick<AccountInput, 'hostedUi' | 'basicFlow'> {
  return { ...(existing?.hostedUi ? { hostedUi: existing.hostedUi } : {}), ...(existing?.basicFlow ? { basicFlow: existing.basicFlow } : {}) };
}

/** Add a new account or edit one: shape checks as the person types, a live check against AWS before saving. */
export function AccountFormScreen({ name, navigate }: { name?: string; navigate: Navigate }) {
  const api = useApi();
  const editing = name !== undefined;
  const [values, setValues] = useState<AccountFormValues>(EMPTY_ACCOUNT_FORM);
  const [existing, setExisting] = useState<AccountView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [touched, setTouched] = useState<Partial<Record<keyof AccountFormValues, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [regionEdited, setRegionEdited] = useState(false);
  const [check, setCheck] = useState<AccountCheck>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Typed here, handed to the core (which puts it in the keychain), never read back or kept after saving.
  const [clientSecret, setClientSecret] = useState('');
  const flowId = useId();

  useEffect(() => {
    if (!editing) return;
    let live = true;
    api.getAccount(name).then(
      (a) => {
        if (!live) return;
        setExisting(a);
        setValues(fromAccount(a));
        setRegionEdited(true);
      },
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [api, editing, name]);

  const errors = validateAccountForm(values);
  const valid = Object.keys(errors).length === 0;
  const shown = (field: keyof AccountFormValues) => (submitted || touched[field] ? errors[field] : undefined);

  function set<K extends keyof AccountFormValues>(field: K, value: AccountFormValues[K]) {
    setCheck(undefined);
    setValues((v) => {
      const next = { ...v, [field]: value };
      // The region is part of a user pool id: fill it in unless the person chose one themselves.
      if (field === 'userPoolId' && !regionEdited) next.region = regionFromPoolId(String(value)) ?? v.region;
      return next;
    });
  }

  const blur = (field: keyof AccountFormValues) => () => setTouched((t) => ({ ...t, [field]: true }));

  async function runCheck() {
    setSubmitted(true);
    if (!valid) return;
    setChecking(true);
    setError(undefined);
    try {
      setCheck(await api.checkAccount(toAccountInput(values, existing?.defaultRoleArn, kept(existing))));
    } catch (e) {
      setError(e);
    } finally {
      setChecking(false);
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!valid) {
      // Put the person on the first field that needs fixing.
      document.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const input = toAccountInput(values, existing?.defaultRoleArn, kept(existing));
      const secret = clientSecret === '' ? undefined : clientSecret;
      const saved = editing ? await api.updateAccount(name, input, secret) : await api.addAccount(input, secret);
      setClientSecret('');
      navigate({ screen: 'account', name: saved.name });
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!editing) return;
    setError(undefined);
    try {
      await api.removeAccount(name);
      navigate({ screen: 'accounts' });
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="form-title">
      <div className="screen-header">
        <h1 id="form-title" tabIndex={-1}>
          {editing ? `Edit ${name}` : 'Add account'}
        </h1>
      </div>
      <ErrorNote error={loadError} />
      <form className="card form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          label="Account name"
          value={values.name}
          onValue={(v) => set('name', v)}
          onBlur={blur('name')}
          error={shown('name')}
          hint="How the app and the CLI refer to it, e.g. acme-dev."
          autoComplete="off"
          required
        />
        <TextField
          label="User pool id"
          value={values.userPoolId}
          onValue={(v) => set('userPoolId', v)}
          onBlur={blur('userPoolId')}
          error={shown('userPoolId')}
          hint="Such as eu-west-1_AbC123. The region is read from it."
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          label="Region"
          value={values.region}
          onValue={(v) => {
            setRegionEdited(true);
            set('region', v);
          }}
          onBlur={blur('region')}
          error={shown('region')}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          label="App client id"
          value={values.clientId}
          onValue={(v) => set('clientId', v)}
          onBlur={blur('clientId')}
          error={shown('clientId')}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          label="Identity pool id"
          value={values.identityPoolId}
          onValue={(v) => set('identityPoolId', v)}
          onBlur={blur('identityPoolId')}
          error={shown('identityPoolId')}
          hint="Such as eu-west-1:1234abcd-56ef-78ab-90cd-1234567890ab."
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          label="Username"
          value={values.username}
          onValue={(v) => set('username', v)}
          onBlur={blur('username')}
          error={shown('username')}
          hint="Optional; asked at sign-in when empty."
          autoComplete="username"
        />
        <TextField
          label="App client secret"
          type="password"
          value={clientSecret}
          onValue={setClientSecret}
          hint={
            existing?.hasClientSecret
              ? 'A secret is stored in the keychain — leave this empty to keep it, or type a new one to replace it.'
              : 'Only if the app client has a secret. Stored in the keychain, never in a file, and never shown again.'
          }
          autoComplete="off"
          spellCheck={false}
        />
        {existing?.hostedUi ? (
          <p className="field-hint">
            Signs in through managed login at <span className="mono">{existing.hostedUi.domain}</span>
            {existing.hostedUi.identityProvider ? ` with ${existing.hostedUi.identityProvider}` : ''}. Saving here keeps those settings.
          </p>
        ) : null}
        <SignInMethodFields
          authFlow={values.authFlow}
          firstFactor={values.firstFactor}
          onAuthFlow={(v) => set('authFlow', v)}
          onFirstFactor={(v) => set('firstFactor', v)}
        />
        <details className="advanced" open={Boolean(values.cognitoIdentityProviderEndpoint || values.cognitoIdentityEndpoint || values.stsEndpoint)}>
          <summary>Custom endpoints</summary>
          <p className="field-hint">Only for private endpoints or local emulators; leave empty for AWS.</p>
          <TextField
            label="User pool endpoint"
            value={values.cognitoIdentityProviderEndpoint}
            onValue={(v) => set('cognitoIdentityProviderEndpoint', v)}
            onBlur={blur('cognitoIdentityProviderEndpoint')}
            error={shown('cognitoIdentityProviderEndpoint')}
            type="url"
            spellCheck={false}
          />
          <TextField
            label="Identity pool endpoint"
            value={values.cognitoIdentityEndpoint}
            onValue={(v) => set('cognitoIdentityEndpoint', v)}
            onBlur={blur('cognitoIdentityEndpoint')}
            error={shown('cognitoIdentityEndpoint')}
            type="url"
            spellCheck={false}
          />
          <TextField
            label="STS endpoint"
            value={values.stsEndpoint}
            onValue={(v) => set('stsEndpoint', v)}
            onBlur={blur('stsEndpoint')}
            error={shown('stsEndpoint')}
            type="url"
            spellCheck={false}
          />
        </details>
        {check ? (
          <div role="status">
            <ul className="checks" aria-label="Settings test results">
              <li className={check.userPool.ok ? 'ok' : 'bad'}>
                <strong>User pool: {check.userPool.ok ? 'reached' : 'problem'}.</strong> {check.userPool.message}
              </li>
              <li className={check.identityPool.ok ? 'ok' : 'bad'}>
                <strong>Identity pool: {check.identityPool.ok ? 'reached' : 'problem'}.</strong> {check.identityPool.message}
              </li>
            </ul>
          </div>
        ) : null}
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {editing ? 'Save changes' : 'Add account'}
          </button>
          <button type="button" onClick={() => void runCheck()} disabled={checking}>
            {checking ? 'Testing…' : 'Test settings'}
          </button>
          <button type="button" onClick={() => navigate(editing ? { screen: 'account', name } : { screen: 'accounts' })}>
            Cancel
          </button>
          {editing && !confirmRemove ? (
            <button type="button" className="danger" onClick={() => setConfirmRemove(true)}>
              Remove account
            </button>
          ) : null}
        </div>
        {editing && confirmRemove ? (
          <div className="note note-warn" role="alertdialog" aria-labelledby={`${flowId}-remove`}>
            <p id={`${flowId}-remove`} className="note-message">
              Remove {name}? Its session is signed out and its profiles are taken out of your AWS config.
            </p>
            <div className="actions">
              <button type="button" className="danger" onClick={() => void remove()} autoFocus>
                Remove {name}
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </div>
          </div>
        ) : null}
      </form>
    </section>
  );
}
