import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';

/** The choices that change what the broker does to ~/.aws/config and when it speaks up. */
export function SettingsScreen() {
  const api = useApi();
  const [settings, setSettings] = useState<Settings>();
  const [lead, setLead] = useState('');
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const id = useId();

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (s) => {
        if (!live) return;
        setSettings(s);
        setLead(String(s.notificationLeadMinutes));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api]);

  function change(patch: Partial<Settings>) {
    setSaved(false);
    setSettings((s) => (s ? { ...s, ...patch } : s));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!settings) return;
    const minutes = Number(lead);
    const name = settings.activeProfileName.trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
      setProblem('A profile name is letters, digits, dot, dash or underscore.');
      return;
    }
    if (name === 'default' && !settings.allowDefaultProfile) {
      setProblem('To use the name "default", first allow the broker to manage the default profile.');
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 120) {
      setProblem('The notice must come 0 to 120 whole minutes before expiry.');
      return;
    }
    setProblem(undefined);
    setError(undefined);
    try {
      const next = await api.setSettings({ ...settings, activeProfileName: name, notificationLeadMinutes: minutes });
      setSettings(next);
      setLead(String(next.notificationLeadMinutes));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <div className="screen-header">
        <h1 id="settings-title" tabIndex={-1}>
          Settings
        </h1>
      </div>
      <ErrorNote error={error} />
      {!settings && !error ? <p role="status">Loading…</p> : null}
      {settings ? (
        <form className="card form" onSubmit={(e) => void save(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-profile`}>Active profile name</label>
            <input
              id={`${id}-profile`}
              value={settings.activeProfileName}
              onChange={(e) => change({ activeProfileName: e.target.value })}
              aria-describedby={`${id}-profile-hint`}
              spellCheck={false}
            />
            <p id={`${id}-profile-hint`} className="field-hint">
              The profile in your AWS config that always follows the active account.
            </p>
          </div>
          <div className="check">
            <input
              id={`${id}-default`}
              type="checkbox"
              checked={settings.allowDefaultProfile}
              onChange={(e) => change({ allowDefaultProfile: e.target.checked })}
              aria-describedby={`${id}-default-hint`}
            />
            <label htmlFor={`${id}-default`}>Let the broker manage the default profile</label>
            <p id={`${id}-default-hint`} className="field-hint">
              Off by default, so a sign-in never silently changes what plain <code>aws</code> commands use.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-lead`}>Warn before expiry (minutes)</label>
            <input
              id={`${id}-lead`}
              type="number"
              min={0}
              max={120}
              step={1}
              value={lead}
              onChange={(e) => {
                setSaved(false);
                setLead(e.target.value);
              }}
            />
          </div>
          <div className="check">
            <input id={`${id}-login`} type="checkbox" checked={settings.launchAtLogin} onChange={(e) => change({ launchAtLogin: e.target.checked })} />
            <label htmlFor={`${id}-login`}>Start Cognito Broker when I log in</label>
          </div>
          <div className="check">
            <input id={`${id}-hidden`} type="checkbox" checked={settings.startHidden} onChange={(e) => change({ startHidden: e.target.checked })} />
            <label htmlFor={`${id}-hidden`}>Start in the tray, without this window</label>
          </div>
          <div className="field">
            <label htmlFor={`${id}-handoff`}>When a command line tool needs a sign-in</label>
            <select id={`${id}-handoff`} value={settings.handOff} onChange={(e) => change({ handOff: e.target.value === 'notify' ? 'notify' : 'window' })}>
              <option value="window">Bring this window forward</option>
              <option value="notify">Only show a notification</option>
            </select>
          </div>
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="primary">
              Save settings
            </button>
            {saved ? <span role="status">Saved.</span> : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
