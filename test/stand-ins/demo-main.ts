import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toString as qrToString } from 'qrcode';
import { addAccount, findAccount, updateAccount } from '../../main/core/accounts/account-store.js';
import type { AccountInput } from '../../main/core/accounts/account.js';
import { isBrokerError } from '../../main/core/errors.js';
import { keyringStore } from '../../main/core/keychain/keyring-store.js';
import { brokerHome } from '../../main/core/paths.js';
import { startBackend, type Backend } from './backend.js';
import { seedWorld } from './seed.js';
import { otpauthUri, totpCode, totpSecondsLeft } from './totp.js';

/**
 * `npm run demo`: try Cognito Broker without AWS. Starts the local backend (cognito-local behind our
 * user-pool front, our identity-pool server) on 127.0.0.1, seeds a pool with groups, roles and a demo user
 * who has TOTP, registers (or refreshes) the account `demo` in the broker's accounts file, prints what to
 * type next, and keeps printing the demo user's current TOTP code so no authenticator app is needed.
 * Ctrl-C stops everything. Every run starts a fresh pool, so the demo account's old keychain entries are
 * cleared: they belong to a pool that no longer exists.
 */
const ACCOUNT = 'demo';
const USERNAME = 'demo';
// A demo password printed on screen: it guards a throwaway pool on loopback, nothing else.
const PASSWORD = 'Demo-Passw0rd!';

function quietAwsSdkNodeWarning(): void {
  // The AWS SDK warns on Node 20 that future releases need Node 22; in the demo it only alarms newcomers.
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'NodeVersionSupportWarning' || warning.message.includes('NodeVersionSupportWarning')) return;
    for (const listener of listeners) listener(warning);
  });
}

function isLocalDemoAccount(account: { endpoints?: { cognitoIdentityProvider?: string } }): boolean {
  const endpoint = account.endpoints?.cognitoIdentityProvider;
  return endpoint !== undefined && new URL(endpoint).hostname === '127.0.0.1';
}

/** Refuses early, before anything starts, when "demo" is somebody's real account. */
async function checkAccountName(home: string): Promise<void> {
  const existing = await findAccount(home, ACCOUNT);
  if (existing && !isLocalDemoAccount(existing)) {
    throw new Error(
      `An account named "${ACCOUNT}" already exists and is not a local demo account; remove or rename it (\`cognito-broker account remove ${ACCOUNT}\`) and run the demo again.`,
    );
  }
}

async function registerAccount(home: string, input: AccountInput): Promise<'added' | 'updated'> {
  await checkAccountName(home);
  if (!(await findAccount(home, ACCOUNT))) {
    await addAccount(home, input);
    return 'added';
  }
  try {
    await keyringStore(home).deleteAll(ACCOUNT);
  } catch (error) {
    const why = isBrokerError(error) ? error.message : 'the keychain could not be reached';
    process.stderr.write(
      `Note: old sign-in data of "${ACCOUNT}" could not be cleared from the keychain (${why}). \`cognito-broker logout ${ACCOUNT}\` clears it.\n`,
    );
  }
  await updateAccount(home, ACCOUNT, input);
  return 'updated';
}

function codeLine(secret: string): string {
  return `[${new Date().toISOString().slice(11, 19)}] demo TOTP code: ${totpCode(secret)} (valid ${totpSecondsLeft()} s more)`;
}

let running: Backend | undefined;

async function main(): Promise<void> {
  quietAwsSdkNodeWarning();
  const home = brokerHome();
  await checkAccountName(home);
  const dataDir = join(home, 'demo-backend');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  const backend: Backend = await startBackend({ dataDir });
  running = backend;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (timer) clearInterval(timer);
    process.stdout.write(`\n${signal}: stopping the demo backend... `);
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
    process.stdout.write(`stopped. The "${ACCOUNT}" account stays registered; \`npm run demo\` brings its backend back.\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const world = await seedWorld(backend, { poolName: 'cognito-broker-demo' });
  const user = await world.createUser({
    username: USERNAME,
    password: PASSWORD,
    groups: ['admins', 'developers', 'readonly'],
    email: 'demo@example.com',
    tenantId: 'demo-tenant',
    mfa: ['SOFTWARE_TOKEN_MFA'],
    preferredMfa: 'SOFTWARE_TOKEN_MFA',
  });
  const secret = user.totpSecret!;
  const otpauth = otpauthUri(USERNAME, 'Cognito Broker demo', secret);

  const action = await registerAccount(home, {
    name: ACCOUNT,
    region: backend.region,
    userPoolId: world.userPoolId,
    clientId: world.clientId,
    identityPoolId: world.identityPoolId,
    username: USERNAME,
    authFlow: 'srp',
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
  });

  const qr = await qrToString(otpauth, { type: 'terminal', small: true });
  const cli = 'node dist/cli/cognito-broker.cjs';
  process.stdout.write(
    [
      'Cognito Broker demo backend is running (Ctrl-C stops it).',
      '',
      `  user pool   ${world.userPoolId}  at ${backend.userPoolEndpoint} (cognito-local behind the project's SRP/MFA front)`,
      `  identity    ${world.identityPoolId}  at ${backend.identityEndpoint}`,
      `  groups      admins → BrokerAdmin (precedence 1), developers → BrokerDeveloper (5), readonly → BrokerReadOnly (10)`,
      `  account     "${ACCOUNT}" ${action} in ${join(home, 'accounts.json')}`,
      '',
      `Sign in as "${USERNAME}" with password ${PASSWORD} and a TOTP code. The current code is printed below`,
      'whenever it changes; or scan this QR code / add the secret to an authenticator app:',
      '',
      qr,
      `  otpauth URI: ${otpauth}`,
      `  secret:      ${secret}`,
      '',
      'In another terminal, in this checkout:',
      `  ${cli} login ${ACCOUNT}                      # password + TOTP code below`,
      `  ${cli} roles ${ACCOUNT}                      # the roles your groups allow`,
      `  ${cli} profiles sync                     # writes [profile ${ACCOUNT}] into ~/.aws/config (or AWS_CONFIG_FILE)`,
      `  aws configure export-credentials --profile ${ACCOUNT}`,
      '(The credentials are issued by the local identity-pool server: they look real but AWS will not accept them.)',
      '',
      codeLine(secret),
      '',
    ].join('\n'),
  );

  let lastCode = totpCode(secret);
  timer = setInterval(() => {
    const code = totpCode(secret);
    if (code === lastCode) return;
    lastCode = code;
    process.stdout.write(`${codeLine(secret)}\n`);
  }, 1000);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  // process.exit does not end child processes: stop cognito-local first.
  await running?.stop().catch(() => undefined);
  process.exit(1);
});
