import { resolve } from 'node:path';
import { startBridge, type RunningBridge } from '../api/http-bridge.js';
import { loadAccounts } from '../accounts/account-store.js';
import { brokerHome } from '../paths.js';
import { startAppRuntime, type AppRuntime } from './app-runtime.js';

/**
 * `npm run dev:web`: the whole app runtime (real accounts, keychain, refresher, hand-off) behind the local
 * HTTP bridge, so a person can use the window in any browser while developing, without Electron. It serves
 * the built renderer and prints the one URL (with the per-run token) that can talk to it.
 */
export interface DevWebOptions {
  root: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export async function runDevWeb(options: DevWebOptions): Promise<{ bridge: RunningBridge; runtime: AppRuntime; stop(): Promise<void> }> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const home = brokerHome(env);
  const runtime = await startAppRuntime({
    home,
    env,
    // Profiles written from the browser UI start the CLI of this checkout with this Node.
    launcher: { kind: 'node-script', node: process.execPath, script: resolve(options.root, 'dist/cli/cognito-broker.cjs') },
    hooks: {
      notify: (n) => log(`[notification] ${n.title} — ${n.body}`),
      showSignIn: (account) => log(`[hand-off] a command is waiting for a sign-in to ${account}; the window shows it.`),
    },
  });
  const bridge = await startBridge({
    api: runtime.service,
    events: runtime.service.events,
    staticDir: resolve(options.root, 'dist/renderer'),
    ...(options.port === undefined ? {} : { port: options.port }),
    onInternalError: ({ method, what }) => log(`[bridge] ${method}: ${what}`),
  });
  log(`Cognito Broker (browser development mode) for broker home ${home}`);
  log(`Open: ${bridge.url}`);
  log('The link holds a per-run token; only this machine can connect. Press Ctrl-C to stop.');
  if (await hasNoAccounts(home)) {
    log(
      'No accounts yet. Add yours in the window, or try everything without AWS: run `npm run demo` in another terminal (it registers an account named demo).',
    );
  }
  return {
    bridge,
    runtime,
    async stop() {
      await bridge.stop();
      await runtime.stop();
    },
  };
}

/** A newcomer with no account is pointed at the demo; a damaged accounts file is the window's to report. */
async function hasNoAccounts(home: string): Promise<boolean> {
  try {
    return (await loadAccounts(home)).length === 0;
  } catch {
    return false;
  }
}
