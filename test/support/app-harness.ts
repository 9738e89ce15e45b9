import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { AccountInput } from '../../main/contract/app-api.js';
import type { CallResponse } from '../../main/contract/transport.js';
import { dispatch } from '../../main/core/api/dispatch.js';
import type { AppService } from '../../main/core/app/app-service.js';
import { createDefaultAppService } from '../../main/core/app/default-app-service.js';
import { keyringStore } from '../../main/core/keychain/keyring-store.js';
import type { World } from '../stand-ins/seed.js';

type AppServiceOptions = Omit<Parameters<typeof createDefaultAppService>[0], 'home' | 'launcher'>;

export interface AppSandbox {
  dir: string;
  home: string;
  service: AppService;
}

/**
 * The app service as the window gets it, on a broker home and AWS config files of its own under a new temporary
 * folder, writing profiles that launch the BUILT command. `options.env` adds variables to that environment;
 * the other options are passed on as they are.
 */
export async function appSandbox(prefix: string, options: AppServiceOptions = {}): Promise<AppSandbox> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  const service = createDefaultAppService({
    ...options,
    env: { AWS_CONFIG_FILE: join(dir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'), ...options.env },
    home,
    launcher: { kind: 'node-script', node: process.execPath, script: resolve('dist/cli/cognito-broker.cjs') },
  });
  return { dir, home, service };
}

/**
 * Closes the service, deletes what `accounts` left in the keychain (outside the folder) and removes the folder.
 * Every part may be missing: a beforeAll that failed half-way still cleans up what it made.
 */
export async function closeAppSandbox({ dir, home, service }: Partial<AppSandbox>, accounts: readonly string[]): Promise<void> {
  service?.close();
  if (home)
    for (const name of accounts)
      await keyringStore(home)
        .deleteAll(name)
        .catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * A call as the window makes it, through dispatch(); a refusal throws with the contract's error as `payload`.
 * `service` is read at each call (tests assign it in beforeAll); `responses` collects every answer for the
 * secret scan.
 */
export function appCaller(service: () => AppService, responses?: CallResponse[]) {
  return async function call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const response = await dispatch(service(), { method, args });
    responses?.push(response);
    if (!response.ok) throw Object.assign(new Error(`${method}: ${response.error.code}: ${response.error.message}`), { payload: response.error });
    return response.result as T;
  };
}

/** A call that must be refused; answers the contract's error. */
export function appCallError(service: () => AppService, responses?: CallResponse[]) {
  return async function callError(method: string, ...args: unknown[]) {
    const response = await dispatch(service(), { method, args });
    responses?.push(response);
    expect(response.ok, `${method} should have failed`).toBe(false);
    return response.ok ? undefined : response.error;
  };
}

/** An account on a seeded pool of the test servers, as the window's form sends it; `extra` adds or overrides. */
export function appAccountInput(name: string, world: World, extra: Partial<AccountInput> = {}): AccountInput {
  return {
    name,
    region: world.region,
    userPoolId: world.userPoolId,
    clientId: world.clientId,
    identityPoolId: world.identityPoolId,
    endpoints: { cognitoIdentityProvider: world.backend.userPoolEndpoint, cognitoIdentity: world.backend.identityEndpoint },
    ...extra,
  };
}
