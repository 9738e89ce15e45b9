import { loadAccounts } from '../accounts/account-store.js';
import { startCredentialsEndpoint, type CredentialsEndpoint } from './credentials-endpoint.js';
import type { CredentialsSource } from './shared-credentials.js';

export interface AppEndpoint {
  /** Serve every account in the accounts file (default role), and stop serving removed ones. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The desktop app's credentials endpoint: every configured account's default role, published in the broker
 * home as `endpoint/app/` (stable token-file paths, and the previous port when it is free, so an IDE set up
 * once keeps working across restarts; the tokens are new every run). `credentials` is the app's own
 * broker, so answers come from the same cache and refresh as everything else. Never throws from sync: an
 * unreadable accounts file leaves what is served as it was.
 */
export async function startAppEndpoint(options: { home: string; credentials: CredentialsSource }): Promise<AppEndpoint> {
  const endpoint: CredentialsEndpoint = await startCredentialsEndpoint({ home: options.home, credentials: options.credentials, publish: 'app' });
  let queue = Promise.resolve();
  const sync = async () => {
    const names = new Set((await loadAccounts(options.home)).map((a) => a.name));
    const served = new Set(endpoint.served().map((r) => r.account));
    for (const name of names) if (!served.has(name)) await endpoint.addRoute(name);
    for (const name of served) if (!names.has(name)) await endpoint.removeRoute(name);
  };
  return {
    // One sync at a time: two account changes in a row must not add the same route twice.
    sync: () => (queue = queue.then(sync).catch(() => undefined)),
    async close() {
      await queue;
      await endpoint.close();
    },
  };
}
