import { expect } from 'vitest';
import type { World } from '../stand-ins/seed.js';
import type { CliRun, CliSandbox } from './cli-harness.js';

export interface TestAccountOptions {
  /** The account's user; omitted, the command asks for it at sign-in. */
  username?: string;
  /** Another app client of the pool (default: the world's client without a secret). */
  clientId?: string;
  /** Endpoints other than the test servers' own (a proxy in front of them, say). */
  endpoints?: { cognitoIdp: string; cognitoIdentity: string };
  /** More `account add` arguments, after the pool's. */
  extra?: string[];
}

/**
 * The `account add <name>` arguments that point an account at a seeded pool on the test servers: region, pool,
 * app client, identity pool and both endpoints, so every test adds its accounts the same way.
 */
export function accountAddArgs(name: string, world: World, options: TestAccountOptions = {}): string[] {
  const endpoints = options.endpoints ?? {
    cognitoIdp: world.backend.userPoolEndpoint,
    cognitoIdentity: world.backend.identityEndpoint,
  };
  return [
    'account',
    'add',
    name,
    '--region',
    world.region,
    '--user-pool-id',
    world.userPoolId,
    '--client-id',
    options.clientId ?? world.clientId,
    '--identity-pool-id',
    world.identityPoolId,
    ...(options.username === undefined ? [] : ['--username', options.username]),
    '--endpoint-url-cognito-idp',
    endpoints.cognitoIdp,
    '--endpoint-url-cognito-identity',
    endpoints.cognitoIdentity,
    ...(options.extra ?? []),
  ];
}

export interface AddTestAccountOptions extends TestAccountOptions {
  /** What the command reads on stdin (a client secret with --client-secret-stdin). */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `account add` in the sandbox with {@link accountAddArgs} and expects it to succeed. */
export async function addTestAccount(box: CliSandbox, name: string, world: World, options: AddTestAccountOptions = {}): Promise<CliRun> {
  const { input, env, ...args } = options;
  const run = await box.run(accountAddArgs(name, world, args), {
    ...(input === undefined ? {} : { input }),
    ...(env === undefined ? {} : { env }),
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}
