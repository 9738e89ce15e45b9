import type { AppApi, AppMethod } from '../../main/contract/app-api.js';

/**
 * A recording AppApi for unit tests of dispatch and the transports: every method records its call and
 * answers with what the test configured. Only the one function under test is real; the core is not.
 */
export type FakeAppApi = AppApi & { calls: { method: AppMethod; args: unknown[] }[]; answers: Partial<Record<AppMethod, (...args: unknown[]) => unknown>> };

const METHODS: AppMethod[] = [
  'listAccounts',
  'getAccount',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'importAccounts',
  'checkAccount',
  'signInStart',
  'signInAnswer',
  'signInCancel',
  'signOut',
  'setActiveAccount',
  'setDefaultRole',
  'listProfiles',
  'addProfile',
  'removeProfile',
  'exportLines',
  'endpointVariables',
  'getPasswordPolicy',
  'signUp',
  'confirmSignUp',
  'resendSignUpCode',
  'forgotPassword',
  'confirmForgotPassword',
  'changePassword',
  'getMfaStatus',
  'startTotpEnrolment',
  'verifyTotpEnrolment',
  'disableTotp',
  'setPreferredMfa',
  'listPasskeys',
  'deletePasskey',
  'getDevice',
  'forgetDevice',
  'openConsole',
  'getSettings',
  'setSettings',
  'listActivity',
];

export function fakeAppApi(): FakeAppApi {
  const calls: FakeAppApi['calls'] = [];
  const answers: FakeAppApi['answers'] = {};
  const api: Record<string, unknown> = { calls, answers };
  for (const method of METHODS) {
    api[method] = async (...args: unknown[]) => {
      calls.push({ method, args });
      const answer = answers[method];
      return answer ? answer(...args) : null;
    };
  }
  return api as unknown as FakeAppApi;
}

export const ALL_METHODS = METHODS;
