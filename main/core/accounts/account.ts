import { z } from 'zod';

/**
 * An account is one way into AWS: a user pool + app client for sign-in and an identity pool for credentials.
 * Definitions hold no secrets (the optional client secret lives in the keychain; `hasClientSecret` only says
 * one is stored) so the file can be shared by an administrator and read by the renderer.
 */
import { ACCOUNT_NAME_PATTERN } from './account-name.js';
export { ACCOUNT_NAME_PATTERN };
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** AWS pools are `<region>_<id>`; emulators use `local_<id>`, which is why the region part is loose. */
export const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9A-Za-z]+$/;
export const IDENTITY_POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
export const CLIENT_ID_PATTERN = /^[\w+]+$/;
export const ROLE_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

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
    authFlow: z.enum(['srp', 'password']).default('srp'),
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

export type HostedUiSettings = z.infer<typeof hostedUiSchema>;
export type BasicFlowSettings = z.infer<typeof basicFlowSchema>;
export type Account = z.infer<typeof accountSchema>;
export type AccountInput = z.input<typeof accountSchema>;
export type AccountEndpoints = z.infer<typeof endpointsSchema>;

export const accountsFileSchema = z
  .object({
    version: z.literal(1),
    accounts: z.array(accountSchema),
  })
  .strict();

export type AccountsFile = z.infer<typeof accountsFileSchema>;
