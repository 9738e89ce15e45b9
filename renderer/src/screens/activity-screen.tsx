import { useState } from 'react';
import type { ActivityEntry } from '../../../main/contract/app-api.js';
import { useApi, useAppEvent } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';

const KIND_LABELS: Record<ActivityEntry['kind'], string> = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-out': 'Signed out',
  refresh: 'Refreshed',
  'refresh-failed': 'Refresh failed',
  account: 'Account',
  profile: 'Profile',
};

const FAILURES = new Set<ActivityEntry['kind']>(['sign-in-failed', 'refresh-failed']);

function newestFirst(entries: ActivityEntry[]): ActivityEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** The local log, newest first: the answer to "was there a failed sign-in I did not make?". */
export function ActivityScreen() {
  const api = useApi();
  const loaded = useLoad(() => api.listActivity(200), [api]);
  const [live, setLive] = useState<ActivityEntry[]>([]);
  const [onlyFailures, setOnlyFailures] = useState(false);

  useAppEvent('activity', (entry) => setLive((l) => [entry, ...l]));

  const seen = new Set<string>();
  const entries = newestFirst([...live, ...(loaded.data ?? [])]).filter((e) => {
    const k = `${e.at}|${e.kind}|${e.account ?? ''}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return !onlyFailures || FAILURES.has(e.kind);
  });

  return (
    <section aria-labelledby="activity-title">
      <div className="screen-header">
        <h1 id="activity-title" tabIndex={-1}>
          Activity
        </h1>
        <div className="actions">
          <label className="check-inline">
            <input type="checkbox" checked={onlyFailures} onChange={(e) => setOnlyFailures(e.target.checked)} /> Only failures
          </label>
          <button type="button" onClick={() => loaded.reload()}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorNote error={loaded.error} />
      {!loaded.data && loaded.loading ? <p role="status">Loading…</p> : null}
      {loaded.data && entries.length === 0 ? <p className="muted">Nothing yet{onlyFailures ? ': no failures' : ''}.</p> : null}
      {entries.length ? (
        <ol className="activity" aria-label="Activity, newest first">
          {entries.map((e) => (
            <li key={`${e.at}|${e.kind}|${e.account ?? ''}|${e.message}`} className={FAILURES.has(e.kind) ? 'activity-failure' : undefined}>
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              <span className={`badge badge-kind-${e.kind}`}>{KIND_LABELS[e.kind]}</span>
              <span className="activity-text">
                {e.account ? <span className="activity-account">{e.account}</span> : null}
                <span className="activity-message">{e.message}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
