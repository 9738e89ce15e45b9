import type { AppApi, AppMethod } from '../../../main/contract/app-api.js';
import type { BrokerBridge } from '../../../main/contract/transport.js';
import { ApiError } from './api-error.js';

/**
 * Every AppApi method, listed once. `satisfies` makes the compiler refuse a list that misses a method or
 * names one that does not exist, so the typed client cannot drift from the contract.
 */
const METHODS = {
  listAccounts: true,
  getAccount: true,
  addAccount: true,
  updateAccount: true,
  removeAccount: true,
  importAccounts: true,
  checkAccount: true,
  signInStart: true,
  signInAnswer: true,
  signInCancel: true,
  signOut: true,
  setActiveAccount: true,
  setDefaultRole: true,
  listProfiles: true,
  addProfile: true,
  removeProfile: true,
  exportLines: true,
  endpointVariables: true,
  getPasswordPolicy: true,
  signUp: true,
  confirmSignUp: true,
  resendSignUpCode: true,
  forgotPassword: true,
  confirmForgotPassword: true,
  changePassword: true,
  getMfaStatus: true,
  startTotpEnrolment: true,
  verifyTotpEnrolment: true,
  disableTotp: true,
  setPreferredMfa: true,
  openConsole: true,
  getSettings: true,
  setSettings: true,
  listActivity: true,
  listPasskeys: true,
  deletePasskey: true,
  getDevice: true,
  forgetDevice: true,
} as const satisfies Record<AppMethod, true>;

/**
 * `api.<method>(...)` over either transport. Refusals arrive as values on the wire and are thrown here as
 * ApiError, so screens use ordinary try/catch.
 */
export function createApi(bridge: BrokerBridge): AppApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of Object.keys(METHODS) as AppMethod[]) {
    api[method] = async (...args: unknown[]) => {
      // undefined is not JSON: trailing optional arguments are dropped so both transports see the same call.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      const response = await bridge.call(method, args);
      if (!response.ok) throw new ApiError(response.error);
      return response.result;
    };
  }
  return api as unknown as AppApi;
}
