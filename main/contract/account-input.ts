import type { FirstFactor } from './sign-in-method.js';

/**
 * What an account definition looks like from outside the core: the shape the window's form sends and the
 * patterns each field must match. Plain types and regular expressions only, so the window and the
 * credential-process hot path can use them without a schema library; the core's zod schema
 * (core/accounts/account.ts) is checked against these types at compile time, so the two cannot drift.
 */

/** Names become file names (locks/refresh-<name>-…) and keychain keys, so no slash, no dot-dot. */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** AWS pools are `<region>_<id>`; emulators use `local_<id>`, which is why the region part is loose. */
export const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9A-Za-z]+$/;
export const IDENTITY_POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
export const CLIENT_ID_PATTERN = /^[\w+]+$/;
export const ROLE_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export interface AccountEndpoints {
  cognitoIdentityProvider?: string;
  cognitoIdentity?: string;
  sts?: string;
}

/**
 * Managed login (Cognito's hosted UI) as the core stores it. `http://localhost:<redirectPort><redirectPath>`
 * must equal a callback URL of the app client.
 */
export interface HostedUiSettings {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` or the pool's custom domain. */
  domain: string;
  scopes: string[];
  /** Skip Cognito's page and go straight to one IdP (e.g. `Google` or a SAML provider name). */
  identityProvider?: string;
  redirectPort: number;
  redirectPath: string;
}

/** Managed-login settings as sent in: scopes and path have defaults (openid email profile, /callback). */
export type HostedUiInput = Omit<HostedUiSettings, 'scopes' | 'redirectPath'> & { scopes?: string[]; redirectPath?: string };

/** The identity pool's basic (classic) flow: credentials that last up to the role's maximum session. */
export interface BasicFlowSettings {
  /** 900 (15 minutes) to 43200 (12 hours). */
  durationSeconds: number;
}

/**
 * How the broker signs in: `srp` (USER_SRP_AUTH, the default: the password never leaves the machine),
 * `password` (USER_PASSWORD_AUTH) or `user-auth` (USER_AUTH, choice-based: password, codes, passkeys).
 */
export type AuthFlow = 'srp' | 'password' | 'user-auth';

/** An account as sent to the core (add, update, check); fields with a default may be left out. */
export interface AccountInput {
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  hasClientSecret?: boolean;
  identityPoolId: string;
  username?: string;
  authFlow?: AuthFlow;
  /** With `user-auth`: the first factor asked for (PREFERRED_CHALLENGE); the pool's choice is shown when unset. */
  firstFactor?: FirstFactor;
  defaultRoleArn?: string;
  endpoints?: AccountEndpoints;
  /** Only for a user-pool emulator that signs tokens with its own address: the exact `iss` its tokens carry. */
  issuer?: string;
  hostedUi?: HostedUiInput;
  basicFlow?: BasicFlowSettings;
}
