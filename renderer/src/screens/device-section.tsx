import { useState } from 'react';
import type { DeviceView } from '../../../main/contract/app-api.js';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';
import { useBusyAction } from '../components/use-busy-action.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';

/**
 * "This computer": whether it is a remembered device of the account's user, and "Forget this computer".
 * Shown only while this computer is remembered (and right after forgetting it, to say so). Whether a pool
 * tracks devices at all is in its settings, which only an administrator's call reads (DescribeUserPool), so
 * the window cannot say "not remembered" meaningfully for a pool that never remembers; sign-in asks
 * "Remember this computer?" where it applies.
 */
export function DeviceSection({ name }: { name: string }) {
  const api = useApi();
  const loaded = useLoad(() => api.getDevice(name), [api, name]);
  const [forgotten, setForgotten] = useState<DeviceView>();
  const { busy, error, act } = useBusyAction();
  const device = forgotten ?? loaded.data;

  // A keychain that cannot be read right now leaves nothing to show or forget; sign-in reports such a keychain itself.
  if (!forgotten && !device?.remembered) return null;

  const forget = () =>
    act(async () => {
      setForgotten(await api.forgetDevice(name));
    });

  return (
    <div className="card">
      <h2>This computer</h2>
      {device?.remembered ? (
        <>
          <p>
            This computer is remembered{device.rememberedAt ? ` since ${formatTime(device.rememberedAt)}` : ''}: sign-ins here can skip the second factor (MFA)
            where the pool allows it.
          </p>
          {device.deviceKey ? (
            <dl className="facts">
              <dt>Device key</dt>
              <dd className="mono">{device.deviceKey}</dd>
            </dl>
          ) : null}
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void forget()}>
              {busy ? 'Forgetting…' : 'Forget this computer'}
            </button>
          </div>
        </>
      ) : forgotten ? (
        <p role="status">This computer is forgotten. The next sign-in here asks for the second factor again.</p>
      ) : null}
      <ErrorNote error={error} />
    </div>
  );
}
