import type { Account } from '../accounts/account.js';
import * as accountStore from '../accounts/account-store.js';
import type { ActivityEntry, AppApi, CodeDelivery, MfaStatus } from '../../contract/app-api.js';
import { decodeJwtPayload } from '../auth/jwt-payload.js';
import { fetchPasswordPolicy } from '../auth/password-policy.js';
import type { MfaType } from '../auth/prompter.js';
import { isBrokerError } from '../errors.js';
import { beginTotpEnrolment, completeTotpEnrolment, getMfaStatus, setMfaPreference, type MfaPreferenceChange } from '../self-service/mfa.js';
import { changePassword, confirmForgotPassword, forgotPassword } from '../self-service/password.js';
import { confirmSignUp, resendConfirmationCode, signUp } from '../self-service/sign-up.js';
import type { SelfServiceOptions } from '../self-service/user-pool-app.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { accessTokenOf, type UserSessionDeps } from './user-session.js';

/**
 * The window's self-service calls over main/core/self-service: sign-up, password reset and change, and MFA
 * management. Passwords and codes arrive from dispatch (already shape-checked) and go only to the user pool;
 * the activity log gets one line per call, succeeded or failed, naming the user but never a secret.
 */
export type SelfServiceApi = Pick<
  AppApi,
  | 'getPasswordPolicy'
  | 'signUp'
  | 'confirmSignUp'
  | 'resendSignUpCode'
  | 'forgotPassword'
  | 'confirmForgotPassword'
  | 'changePassword'
  | 'getMfaStatus'
  | 'startTotpEnrolment'
  | 'verifyTotpEnrolment'
  | 'disableTotp'
  | 'setPreferredMfa'
>;

export interface SelfServiceContext extends UserSessionDeps {
  home: string;
  record(entry: Omit<ActivityEntry, 'at'>): Promise<void>;
  changed(reason: string): void;
}

const FACTOR_NAMES: Record<MfaType, string> = { SOFTWARE_TOKEN_MFA: 'authenticator app', SMS_MFA: 'text message', EMAIL_OTP: 'e-mail' };
const FACTOR_KEYS: Record<MfaType, keyof MfaPreferenceChange> = { SOFTWARE_TOKEN_MFA: 'totp', SMS_MFA: 'sms', EMAIL_OTP: 'email' };

function delivery(d: { destination?: string; medium?: string } | undefined): CodeDelivery {
  return { ...(d?.destination ? { destination: d.destination } : {}), ...(d?.medium ? { medium: d.medium } : {}) };
}

export function createSelfServiceApi(ctx: SelfServiceContext): SelfServiceApi {
  const options = async (account: Account): Promise<SelfServiceOptions> => {
    const clientSecret = await clientSecretOf(account, ctx.store);
    return { env: ctx.env, ...(clientSecret === undefined ? {} : { clientSecret }) };
  };

  /**
   * Runs one self-service step against an account and logs how it went. `done` is the activity line on
   * success; a failure is logged as "<what> failed: <BrokerError sentence>" and rethrown for the window. Failures
   * are 'sign-in-failed' entries: a wrong current password or code is exactly what the activity screen's
   * "was that me?" question is about.
   */
  async function step<T>(name: string, what: string, run: (account: Account) => Promise<T>, done: (result: T) => string): Promise<T> {
    const account = await accountStore.getAccount(ctx.home, name);
    let result: T;
    try {
      result = await run(account);
    } catch (error) {
      const reason = isBrokerError(error) ? error.message : 'an unexpected error.';
      await ctx.record({ kind: 'sign-in-failed', account: name, message: `${what} failed: ${reason}` });
      throw error;
    }
    await ctx.record({ kind: 'account', account: name, message: done(result) });
    return result;
  }

  async function mfaStatus(account: Account, accessToken: string): Promise<MfaStatus> {
    const status = await getMfaStatus(account, accessToken, await options(account));
    return { enabled: status.enabled, ...(status.preferred ? { preferred: status.preferred } : {}) };
  }

  return {
    async getPasswordPolicy(name) {
      const account = await accountStore.getAccount(ctx.home, name);
      return (await fetchPasswordPolicy(account, ctx.env)) ?? null;
    },

    signUp(name, input) {
      const attributes = { ...(input.attributes ?? {}), ...(input.email === undefined ? {} : { email: input.email }) };
      return step(
        name,
        `Signing up ${input.username} in ${name}`,
        async (account) => {
          const out = await signUp(account, { username: input.username, password: input.password, attributes }, await options(account));
          return { confirmed: out.confirmed, ...(out.delivery ? { delivery: delivery(out.delivery) } : {}) };
        },
        (r) => `Signed up ${input.username} in ${name}${r.confirmed ? '; the user is confirmed.' : '; a confirmation code was sent.'}`,
      );
    },

    async confirmSignUp(name, username, code) {
      await step(
        name,
        `Confirming the sign-up of ${username} in ${name}`,
        async (account) => confirmSignUp(account, { username, code }, await options(account)),
        () => `Confirmed the sign-up of ${username} in ${name}.`,
      );
    },

    resendSignUpCode(name, username) {
      return step(
        name,
        `Sending a new sign-up code to ${username} in ${name}`,
        async (account) => delivery(await resendConfirmationCode(account, username, await options(account))),
        () => `Sent a new sign-up code to ${username} in ${name}.`,
      );
    },

    forgotPassword(name, username) {
      return step(
        name,
        `Asking for a password-reset code for ${username} in ${name}`,
        async (account) => delivery(await forgotPassword(account, username, await options(account))),
        () => `Sent a password-reset code to ${username} in ${name}.`,
      );
    },

    async confirmForgotPassword(name, username, code, newPassword) {
      await step(
        name,
        `Resetting the password of ${username} in ${name}`,
        async (account) => confirmForgotPassword(account, { username, code, newPassword }, await options(account)),
        () => `Reset the password of ${username} in ${name}.`,
      );
    },

    async changePassword(name, currentPassword, newPassword) {
      await step(
        name,
        `Changing the password of ${name}`,
        async (account) =>
          changePassword(
            account,
            { accessToken: await accessTokenOf(account, ctx), previousPassword: currentPassword, proposedPassword: newPassword },
            await options(account),
          ),
        () => `Changed the password of ${name}.`,
      );
    },

    async getMfaStatus(name) {
      const account = await accountStore.getAccount(ctx.home, name);
      return mfaStatus(account, await accessTokenOf(account, ctx));
    },

    startTotpEnrolment(name) {
      return step(
        name,
        `Starting authenticator-app set-up for ${name}`,
        async (account) => {
          const accessToken = await accessTokenOf(account, ctx);
          // The authenticator app lists the entry under the pool's name for the signed-in user.
          const user = decodeJwtPayload(accessToken).username;
          const { otpauthUri, secret } = await beginTotpEnrolment(
            account,
            { accessToken, label: typeof user === 'string' ? user : account.name },
            await options(account),
          );
          return { otpauthUri, secret };
        },
        () => `Started authenticator-app set-up for ${name}.`,
      );
    },

    verifyTotpEnrolment(name, code) {
      return step(
        name,
        `Turning on the authenticator app for ${name}`,
        async (account) => {
          const accessToken = await accessTokenOf(account, ctx);
          await completeTotpEnrolment(account, { accessToken, code, deviceName: 'cognito-broker' }, await options(account));
          ctx.changed('mfa changed');
          return mfaStatus(account, accessToken);
        },
        () => `Turned on the authenticator app for ${name} as the preferred second factor.`,
      );
    },

    disableTotp(name) {
      return step(
        name,
        `Turning off the authenticator app for ${name}`,
        async (account) => {
          const accessToken = await accessTokenOf(account, ctx);
          await setMfaPreference(account, accessToken, { totp: { enabled: false } }, await options(account));
          ctx.changed('mfa changed');
          return mfaStatus(account, accessToken);
        },
        () => `Turned off the authenticator app for ${name}.`,
      );
    },

    setPreferredMfa(name, type) {
      return step(
        name,
        `Making the ${FACTOR_NAMES[type]} the preferred second factor of ${name}`,
        async (account) => {
          const accessToken = await accessTokenOf(account, ctx);
          await setMfaPreference(account, accessToken, { [FACTOR_KEYS[type]]: { enabled: true, preferred: true } }, await options(account));
          ctx.changed('mfa changed');
          return mfaStatus(account, accessToken);
        },
        () => `Made the ${FACTOR_NAMES[type]} the preferred second factor of ${name}.`,
      );
    },
  };
}
