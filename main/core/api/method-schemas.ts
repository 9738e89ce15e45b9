import { z } from 'zod';
import { ACCOUNT_NAME_PATTERN, ROLE_ARN_PATTERN, accountSchema } from '../accounts/account.js';
import { PROFILE_NAME_PATTERN } from '../aws-config/profile-name.js';
import { settingsPatchSchema } from '../settings/settings-store.js';
import type { AppApi, AppMethod } from '../../contract/app-api.js';
import { FIRST_FACTORS } from '../../contract/sign-in-method.js';

/**
 * One argument tuple per AppApi method. `dispatch()` parses every untrusted call with these before anything
 * in the core runs, so the core only ever sees well-shaped values. The `satisfies` clause below makes the
 * compiler prove that each tuple produces exactly the parameters the method declares: adding a method to
 * AppApi without a schema, or changing a signature without its schema, fails the typecheck.
 */
const accountName = z.string().regex(ACCOUNT_NAME_PATTERN, 'an account name (letters, digits, dot, dash or underscore)');
/** Our own flow ids are UUIDs; anything longer or stranger cannot be one of ours. */
const flowId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a sign-in flow id');
/** A password, a code or a choice typed by a person: bounded so a hostile caller cannot send megabytes. */
const answer = z.string().max(1024, 'at most 1024 characters');
const roleArn = z.string().regex(ROLE_ARN_PATTERN, 'an IAM role ARN');
const profileName = z.string().regex(PROFILE_NAME_PATTERN, 'a profile name (letters, digits, dot, dash, underscore, @ or +)');
const username = z.string().min(1, 'a username').max(128, 'at most 128 characters');

/** A password a person types: Cognito accepts at most 256 characters. */
const password = z.string().min(1, 'a password').max(256, 'at most 256 characters');
/** A confirmation or one-time code as Cognito sends them: digits only (spaces around them are dropped). */
const code = z
  .string()
  .max(64, 'at most 64 characters')
  .trim()
  .regex(/^\d{4,10}$/, 'the digits of the code, such as 123456');
/** An app client secret typed by an administrator; it goes straight to the keychain. */
const clientSecret = z.string().min(1, 'a client secret').max(512, 'at most 512 characters');
const mfaType = z.enum(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);
const firstFactor = z.enum(FIRST_FACTORS);
/** ListWebAuthnCredentials' CredentialId: base64url of the authenticator's id. */
const passkeyId = z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/, 'a passkey credential id');
/** Cognito attribute names: standard ones or `custom:…`, at most 32 characters after the prefix. */
const attributeName = z.string().regex(/^(custom:)?[A-Za-z0-9_:.-]{1,32}$/, 'a user attribute name such as custom:tenant_id');
const signUpInput = z.strictObject({
  username,
  password,
  email: z.string().max(254, 'at most 254 characters').optional(),
  attributes: z
    .record(attributeName, z.string().max(2048, 'at most 2048 characters'))
    .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes')
    .optional(),
});

/** An administrator's accounts file; the account store validates its content, here only its size. */
const importJson = z.string().min(1, 'the file is empty').max(1_000_000, 'at most 1 MB');

type SchemaMap = { [M in AppMethod]: z.ZodType<Parameters<AppApi[M]>> };

export const methodSchemas = {
  listAccounts: z.tuple([]),
  getAccount: z.tuple([accountName]),
  addAccount: z.tuple([accountSchema, clientSecret.optional()]),
  updateAccount: z.tuple([accountName, accountSchema, clientSecret.optional()]),
  removeAccount: z.tuple([accountName]),
  importAccounts: z.tuple([importJson]),
  checkAccount: z.tuple([accountSchema]),

  signInStart: z.tuple([accountName, username.optional(), firstFactor.optional()]),
  signInAnswer: z.tuple([flowId, answer]),
  signInCancel: z.tuple([flowId]),
  signOut: z.tuple([accountName]),

  setActiveAccount: z.tuple([accountName]),
  setDefaultRole: z.tuple([accountName, roleArn.nullable()]),
  listProfiles: z.tuple([]),
  addProfile: z.tuple([accountName, roleArn, profileName.optional()]),
  removeProfile: z.tuple([profileName]),
  exportLines: z.tuple([accountName]),
  endpointVariables: z.tuple([accountName]),

  getPasswordPolicy: z.tuple([accountName]),
  signUp: z.tuple([accountName, signUpInput]),
  confirmSignUp: z.tuple([accountName, username, code]),
  resendSignUpCode: z.tuple([accountName, username]),
  forgotPassword: z.tuple([accountName, username]),
  confirmForgotPassword: z.tuple([accountName, username, code, password]),
  changePassword: z.tuple([accountName, password, password]),
  getMfaStatus: z.tuple([accountName]),
  startTotpEnrolment: z.tuple([accountName]),
  verifyTotpEnrolment: z.tuple([accountName, code]),
  disableTotp: z.tuple([accountName]),
  setPreferredMfa: z.tuple([accountName, mfaType]),
  listPasskeys: z.tuple([accountName]),
  deletePasskey: z.tuple([accountName, passkeyId]),
  getDevice: z.tuple([accountName]),
  forgetDevice: z.tuple([accountName]),

  openConsole: z.tuple([accountName, roleArn.optional()]),

  getSettings: z.tuple([]),
  // The settings store's own patch schema: one definition of what a valid setting is.
  setSettings: z.tuple([settingsPatchSchema]),
  listActivity: z.tuple([z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').optional()]),
} satisfies SchemaMap;

export const APP_METHODS: ReadonlySet<string> = new Set(Object.keys(methodSchemas));

export function isAppMethod(name: unknown): name is AppMethod {
  return typeof name === 'string' && APP_METHODS.has(name) && Object.hasOwn(methodSchemas, name);
}
