import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { startBridge, type RunningBridge } from '../../main/core/api/http-bridge.js';
import type { AppService } from '../../main/core/app/app-service.js';
import type { BrowserOpener } from '../../main/core/federation/browser-opener.js';
import { createDefaultAppService } from '../../main/core/app/default-app-service.js';
import { DUMMY_CREDENTIALS, startBackend, type Backend, type BackendOptions } from '../stand-ins/backend.js';
import { startPrivateSecretService } from '../support/private-secret-service.js';

/** The checkout; the benchmark passes it explicitly because it runs this file bundled elsewhere. */
const defaultRoot = join(__dirname, '..', '..');

/** The renderer built fresh into a temp dir, so a run never serves a stale or half-written dist/renderer. */
export async function buildRenderer(outDir: string, root = defaultRoot): Promise<void> {
  await build({ configFile: join(root, 'renderer/vite.config.mts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

export interface WindowWorld {
  backend: Backend;
  service: AppService;
  bridge: RunningBridge;
  home: string;
  awsConfigFile: string;
  /** Environment for a child process (AWS CLI, the broker CLI) that should see this world. */
  env: NodeJS.ProcessEnv;
  tmp: string;
  stop(): Promise<void>;
}

/**
 * The real stack behind the window: the project's backend (cognito-local + identity-pool server), the real
 * AppApi implementation over a temp broker home and a temp AWS config file, a real (private) Secret Service, and the HTTP
 * bridge serving the freshly built renderer.
 */
export async function startWindowWorld(
  options: {
    root?: string;
    /** What the app opens "in the system browser" (managed login, console); the system browser when omitted. */
    open?: BrowserOpener;
    /** More environment for the app service, e.g. COGNITO_BROKER_FEDERATION_ENDPOINT. */
    serviceEnv?: Record<string, string>;
    /** Settings of the test backend, e.g. a `code` that cannot be mistaken for digits of an account id. */
    backend?: BackendOptions;
  } = {},
): Promise<WindowWorld> {
  const root = options.root ?? defaultRoot;
  const tmp = await mkdtemp(join(tmpdir(), 'cb-window-'));
  const home = join(tmp, 'home');
  const awsConfigFile = join(tmp, 'aws-config');
  await writeFile(awsConfigFile, "# a person's own settings stay as they are\n[profile mine]\nregion = eu-north-1\n");
  const staticDir = join(tmp, 'renderer');
  // A Secret Service of this run's own (a real gnome-keyring-daemon, unlocked): the window's sign-ins write real
  // keychain entries without depending on, or disturbing, the state of the session's shared keyring. The
  // in-process keychain library reads the D-Bus address from the environment, so it is set here and restored.
  const keyring = await startPrivateSecretService();
  const savedEnv = { ...process.env };
  Object.assign(process.env, keyring.env);
  const restore = async () => {
    for (const key of Object.keys(keyring.env)) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
    await keyring.stop();
  };
  let backend: Backend | undefined;
  try {
    backend = await startBackend(options.backend);
    await buildRenderer(staticDir, root);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...keyring.env,
      COGNITO_BROKER_HOME: home,
      AWS_CONFIG_FILE: awsConfigFile,
      AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'aws-credentials'),
    };
    const service = createDefaultAppService({
      home,
      // Administrator credentials exported in the app's environment let the core read the pool's password
      // policy (DescribeUserPool) for the new-password step; the AWS CLI runs in tests do not get them.
      env: { ...env, ...options.serviceEnv, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey },
      ...(options.open ? { open: options.open } : {}),
      launcher: { kind: 'node-script', node: process.execPath, script: join(root, 'dist/cli/cognito-broker.cjs') },
    });
    const bridge = await startBridge({ api: service, events: service.events, staticDir });
    return {
      backend,
      service,
      bridge,
      home,
      awsConfigFile,
      env,
      tmp,
      async stop() {
        // Removing each account signs it out at the pool and deletes its keychain entries.
        for (const account of await service.listAccounts().catch(() => [])) await service.removeAccount(account.name).catch(() => undefined);
        service.close();
        await bridge.stop();
        await backend!.stop();
        await restore();
        await rm(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await backend?.stop();
    await restore();
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
