import { z } from 'zod';
import { FIRST_FACTORS } from '../../contract/sign-in-method.js';
import {
  ACCOUNT_NAME_PATTERN,
  CLIENT_ID_PATTERN,
  IDENTITY_POOL_ID_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
  USER_POOL_ID_PATTERN,
  type AccountEndpoints,
  type AccountInput,
  type BasicFlowSettings,
  type HostedUiInput,
  type HostedUiSettings,
} from '../../contract/account-input.js';

/**
 * An account is one way into AWS: a user pool + app client for sign-in and an identity pool for credentials.
 * Definitions hold no secrets (the optional client secret lives in the keychain; `hasClientSecret` only says
 * one is stored) so the file can be shared by an administrator and read by the renderer. The patterns and the
 * shapes the window sends are the contract's (contract/account-input.ts); the schemas below are checked
 * against them at the end of this file.
 */
export { ACCOUNT_NAME_PATTERN, CLIENT_ID_PATTERN, IDENTITY_POOL_ID_PATTERN, REGION_PATTERN, ROLE_ARN_PATTERN, USER_POOL_ID_PATTERN };
export type { AccountEndpoints, AccountInput, BasicFlowSettings, HostedUiSettings };

const endpointUrl = z.url({ protocol: /^https?$/ });

export const endpointsSchema = z
  .object({
    cognitoIdentityProvider: endpointUrl.optional(),
    cognitoIdentity: endpointUrl.optional(),
    sts: endpointUrl.optional(),
  })
  .strict();

/**
 * Managed login (Cognito's hosted UI) for federated users who never type a Cognito password. Cognito allows
 * plain http only for `http://localhost` and matches the callback URL exactly, so the loopback port (and
 * path) are settings that must equal what the app client lists: `http://localhost:<redirectPort><redirectPath>`.
 */
export const hostedUiSchema = z
  .object({
    /** `https://<prefix>.auth.<region>.amazoncognito.com` or the pool's custom domain. */
    domain: endpointUrl,
    scopes: z
      .array(z.string().regex(/^[\w.:/-]+$/, 'an OAuth scope such as openid'))
      .min(1)
      .default(['openid', 'email', 'profile']),
    /** Skip Cognito's page and go straight to one IdP (`identity_provider`, e.g. `Google` or a SAML provider name). */
    identityProvider: z.string().min(1).max(128).optional(),
    redirectPort: z.number().int().min(1).max(65535),
    redirectPath: z
      .string()
      .regex(/^\/[\w./-]*$/, 'a path such as /callback')
      .default('/callback'),
  })
  .strict();

/**
 * Opt-in to the identity pool's basic (classic) flow: GetOpenIdToken + STS AssumeRoleWithWebIdentity, whose
 * credentials can last up to the role's maximum session (12 h) instead of the enhanced flow's fixed hour.
 */
export const basicFlowSchema = z
  .object({
    durationSeconds: z.number().int().min(900, 'at least 900 seconds (15 minutes)').max(43_200, 'at most 43200 seconds (12 hours)'),
  })
  .strict();

export const accountSchema = z
  .object({
    name: z.string().regex(ACCOUNT_NAME_PATTERN, 'letters, digits, dot, dash or underscore, at most 64'),
    region: z.string().regex(REGION_PATTERN, 'an AWS region such as eu-west-1'),
    userPoolId: z.string().regex(USER_POOL_ID_PATTERN, 'a user pool id such as eu-west-1_AbC123'),
    clientId: z.string().regex(CLIENT_ID_PATTERN, 'an app client id'),
    hasClientSecret: z.boolean().default(false),
    identityPoolId: z.string().regex(IDENTITY_POOL_ID_PATTERN, 'an identity pool id such as eu-west-1:1234abcd-...'),
    username: z.string().min(1).max(128).optional(),
    authFlow: z.enum(['srp', 'password', 'user-auth']).default('srp'),
    firstFactor: z.enum(FIRST_FACTORS).optional(),
    defaultRoleArn: z.string().regex(ROLE_ARN_PATTERN, 'an IAM role ARN').optional(),
    endpoints: endpointsSchema.optional(),
    /**
     * Only for a user-pool emulator that signs tokens with its own address (cognito-local does): the exact `iss`
     * its tokens carry. Without it the broker accepts only AWS's two issuers of the pool's primary Region,
     * whatever endpoint the account uses — an endpoint changes where calls go, never whom the broker trusts.
     */
    issuer: endpointUrl.optional(),
    hostedUi: hostedUiSchema.optional(),
    basicFlow: basicFlowSchema.optional(),
  })
  .strict();

export type Account = z.infer<typeof accountSchema>;

export const accountsFileSchema = z
  .object({
    version: z.literal(1),
    accounts: z.array(accountSchema),
  })
  .strict();

export type AccountsFile = z.infer<typeof accountsFileSchema>;

/**
 * True only when A and B have the same fields and each is assignable to the other (mutual assignability
 * alone would let an optional field exist on one side only). Nested objects are checked on their own below.
 */
type Same<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? ([A] extends [B] ? ([B] extends [A] ? true : false) : false) : false) : false;
/** Accepts only `true`, so a false check is a compile error at its use. */
type Holds<T extends true> = T;

/**
 * Compile-time checks that the schemas accept and produce exactly the contract's shapes: a field added to
 * one and not the other fails the build here, not at run time in the window.
 */
export type SchemasMatchContract = [
  Holds<Same<z.input<typeof accountSchema>, AccountInput>>,
  Holds<Same<z.infer<typeof endpointsSchema>, AccountEndpoints>>,
  Holds<Same<z.infer<typeof hostedUiSchema>, HostedUiSettings>>,
  Holds<Same<z.input<typeof hostedUiSchema>, HostedUiInput>>,
  Holds<Same<z.infer<typeof basicFlowSchema>, BasicFlowSettings>>,
];
