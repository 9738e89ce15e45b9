import { z } from 'zod';
import { ACCOUNT_NAME_PATTERN, ROLE_ARN_PATTERN, accountSchema } from '../accounts/account.js';
import { PROFILE_NAME_PATTERN } from '../aws-config/profile-name.js';
import { settingsPatchSchema } from '../settings/settings-store.js';
import type { AppApi, AppMethod } from './app-api.js';

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

/** An administrator's accounts file; the account store validates its content, here only its size. */
const importJson = z.string().min(1, 'the file is empty').max(1_000_000, 'at most 1 MB');

type SchemaMap = { [M in AppMethod]: z.ZodType<Parameters<AppApi[M]>> };

export const methodSchemas = {
  listAccounts: z.tuple([]),
  getAccount: z.tuple([accountName]),
  addAccount: z.tuple([accountSchema]),
  updateAccount: z.tuple([accountName, accountSchema]),
  removeAccount: z.tuple([accountName]),
  importAccounts: z.tuple([importJson]),
  checkAccount: z.tuple([accountSchema]),

  signInStart: z.tuple([accountName, username.optional()]),
  signInAnswer: z.tuple([flowId, answer]),
  signInCancel: z.tuple([flowId]),
  signOut: z.tuple([accountName]),

  setActiveAccount: z.tuple([accountName]),
  setDefaultRole: z.tuple([accountName, roleArn.nullable()]),
  listProfiles: z.tuple([]),
  addProfile: z.tuple([accountName, roleArn, profileName.optional()]),
  removeProfile: z.tuple([profileName]),
  exportLines: z.tuple([accountName]),

  getSettings: z.tuple([]),
  // The settings store's own patch schema: one definition of what a valid setting is.
  setSettings: z.tuple([settingsPatchSchema]),
  listActivity: z.tuple([z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').optional()]),
} satisfies SchemaMap;

export const APP_METHODS: ReadonlySet<string> = new Set(Object.keys(methodSchemas));

export function isAppMethod(name: unknown): name is AppMethod {
  return typeof name === 'string' && APP_METHODS.has(name) && Object.hasOwn(methodSchemas, name);
}
