import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CliCommand } from '../../../main/cli/command.js';
import { signupCommand, signupConfirmCommand } from '../../../main/cli/commands/signup.js';
import { passwordChangeCommand, passwordForgotCommand, passwordResetCommand } from '../../../main/cli/commands/password.js';
import { mfaDisableTotpCommand, mfaPreferCommand, mfaStatusCommand } from '../../../main/cli/commands/mfa.js';
import type { BrokerError } from '../../../main/core/errors.js';
import { brokerWorld, type BrokerWorld } from '../../support/broker-world.js';
import { recordingIo } from './cli-io.js';
import { passwordPolicyNote } from '../../../main/cli/commands/self-service-cli.js';
import { DUMMY_CREDENTIALS } from '../../stand-ins/backend.js';

/**
 * The signup, password and mfa commands run as cli-main runs them (a CliCommand with a CliIo), against the
 * real test backend and keychain. Passwords only ever come from stdin here, and must never be echoed.
 */
let bw: BrokerWorld;

beforeAll(async () => {
  bw = await brokerWorld({ name: 'selfserve', groups: ['developers'] });
});

afterAll(async () => {
  await bw?.cleanup();
});

async function run(command: CliCommand, positionals: string[], values: Record<string, string | boolean | string[]>, stdin: string[] = []) {
  const io = recordingIo(bw.home, {}, stdin);
  const code = await command.run({ positionals, values }, io);
  return { code, out: io.out, err: io.err };
}

async function canSignIn(username: string, password: string): Promise<boolean> {
  try {
    const out = await bw.backend
      .userPoolClient()
      .send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: bw.world.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
      );
    return Boolean(out.AuthenticationResult?.IdToken || out.ChallengeName);
  } catch {
    return false;
  }
}

describe('signup commands', () => {
  it('signs up with the password from stdin and confirms with the code', async () => {
    const signedUp = await run(signupCommand, ['selfserve'], { username: 'cli-newbie', email: 'cli-newbie@example.com', 'password-stdin': true }, [
      'Cli-Newbie-Passw0rd',
    ]);
    expect(signedUp.code).toBe(0);
    expect(signedUp.out).toContain('Signed up "cli-newbie" in selfserve');
    expect(signedUp.out).toContain('cognito-broker signup confirm selfserve --username cli-newbie (it asks for the code)');
    expect(signedUp.out + signedUp.err).not.toContain('Cli-Newbie-Passw0rd');

    const confirmed = await run(signupConfirmCommand, ['selfserve'], { username: 'cli-newbie', 'code-stdin': true }, [bw.backend.code]);
    expect(confirmed.out).toBe('Confirmed "cli-newbie". Sign in with: cognito-broker login selfserve --username cli-newbie\n');
    expect(await canSignIn('cli-newbie', 'Cli-Newbie-Passw0rd')).toBe(true);
  });

  it('refuses a malformed attribute and a malformed code before any call', async () => {
    const attr = await run(signupCommand, ['selfserve'], { username: 'x', attribute: ['no-equals-sign'], 'password-stdin': true }, ['Pw-Passw0rd']).catch(
      (e: unknown) => e,
    );
    expect((attr as BrokerError).code).toBe('invalid-argument');
    const code = await run(signupConfirmCommand, ['selfserve'], { username: 'x', 'code-stdin': true }, ['abc']).catch((e: unknown) => e);
    expect((code as BrokerError).message).toBe('The code needs the digits of the code that was sent, such as 123456.');
    const inArgv = await run(signupConfirmCommand, ['selfserve'], { username: 'x', code: '123456' }).catch((e: unknown) => e);
    expect((inArgv as BrokerError).message).toBe('--code is no longer accepted: a code in the command line can be read by every user of this computer.');
  });
});

describe('password commands', () => {
  it('resets a forgotten password with the code', async () => {
    const user = await bw.world.plainUser(['developers'], { email: 'reset-me@example.com' });
    const forgot = await run(passwordForgotCommand, ['selfserve'], { username: user.username });
    expect(forgot.code).toBe(0);
    expect(forgot.out).toContain(`cognito-broker password reset selfserve --username ${user.username} (it asks for the code)`);
    // The reset code lets whoever holds it choose the password: never from argv, here from stdin before the new password.
    const inArgv = await run(passwordResetCommand, ['selfserve'], { username: user.username, code: bw.backend.code, 'new-password-stdin': true }, [
      'Reset-Passw0rd-1',
    ]).catch((e: unknown) => e);
    expect((inArgv as BrokerError).hint).toBe(
      'Leave it out and type the code when asked, or pipe it in with --code-stdin (see `cognito-broker password reset --help`).',
    );
    const reset = await run(passwordResetCommand, ['selfserve'], { username: user.username, 'code-stdin': true, 'new-password-stdin': true }, [
      bw.backend.code,
      'Reset-Passw0rd-1',
    ]);
    expect(reset.out).toBe(`The password of "${user.username}" was reset. Sign in with: cognito-broker login selfserve\n`);
    expect(await canSignIn(user.username, 'Reset-Passw0rd-1')).toBe(true);
  });

  it('changes the signed-in user password, and refuses when not signed in', async () => {
    const notSignedIn = await run(passwordChangeCommand, ['selfserve'], { 'password-stdin': true }, ['a', 'b']).catch((e: unknown) => e);
    expect((notSignedIn as BrokerError).code).toBe('not-signed-in');
    expect((notSignedIn as BrokerError).hint).toBe('Run `cognito-broker login selfserve` first.');

    await bw.broker.login(bw.account, bw.prompter());
    const wrong = await run(passwordChangeCommand, ['selfserve'], { 'password-stdin': true }, ['Not-The-Passw0rd', 'Changed-Passw0rd-2']).catch(
      (e: unknown) => e,
    );
    expect((wrong as BrokerError).message).toBe('The current password is not right.');

    const changed = await run(passwordChangeCommand, ['selfserve'], { 'password-stdin': true }, [bw.user.password, 'Changed-Passw0rd-2']);
    expect(changed.out).toBe('The password for "selfserve" was changed.\n');
    expect(await canSignIn(bw.user.username, 'Changed-Passw0rd-2')).toBe(true);
    bw.user.password = 'Changed-Passw0rd-2';
  });
});

describe('mfa commands', () => {
  it('shows the factors, prefers one and turns the authenticator app off', async () => {
    await bw.broker.login(bw.account, bw.prompter());
    expect((await run(mfaStatusCommand, ['selfserve'], { json: true })).out).toBe('{"enabled":[],"preferred":null}\n');

    const refused = await run(mfaPreferCommand, ['selfserve', 'totp'], {}).catch((e: unknown) => e);
    expect((refused as BrokerError).code).toBe('invalid-argument');
    const unknownFactor = await run(mfaPreferCommand, ['selfserve', 'carrier-pigeon'], {}).catch((e: unknown) => e);
    expect((unknownFactor as BrokerError).message).toBe('The factor must be totp, sms or email.');

    const totpUser = await bw.world.totpUser(['developers']);
    await bw.broker.logout(bw.account);
    await bw.broker.login(bw.account, bw.prompter(totpUser), { username: totpUser.username });
    expect((await run(mfaStatusCommand, ['selfserve'], {})).out).toBe('authenticator app (totp): on (preferred)\n');
    await run(mfaPreferCommand, ['selfserve', 'totp'], {});
    const off = await run(mfaDisableTotpCommand, ['selfserve'], {});
    expect(off.out).toBe('The authenticator app is off for "selfserve".\n');
    expect((await run(mfaStatusCommand, ['selfserve'], { json: true })).out).toBe('{"enabled":[],"preferred":null}\n');
  });
});

describe('password policy note', () => {
  it("reads the pool's policy when credentials are in the environment, and stays quiet otherwise", async () => {
    const withCredentials = recordingIo(bw.home, {
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    });
    expect(await passwordPolicyNote(bw.account, withCredentials)).toMatch(/^Password policy: at least \d+ characters.*\.$/);
    expect(await passwordPolicyNote(bw.account, recordingIo(bw.home, {}))).toBeUndefined();
  });
});
