import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  UpdateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  type DeviceConfigurationType,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import type { Backend } from './backend.js';
import type { PasswordPolicy } from './password-policy.js';
import type { MappingRule } from './role-rules.js';
import type { FirstFactor } from './sign-in-policy.js';
import { totpCode } from './totp.js';
import type { MfaFactor } from './user-pool-front.js';

/**
 * A seeded "world" made through the real AWS SDK against the backend, the way an administrator would set up
 * AWS: a user pool, an app client without and one with a secret, groups with roles and precedence, an
 * identity pool with both clients as providers and role mapping from the token, plus helpers that create
 * users in every state a sign-in can meet. Returns every id, password and secret a test needs.
 */
export const ACCOUNT_ID = '123456789012';
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;

export interface GroupSpec {
  name: string;
  roleArn?: string;
  precedence?: number;
}

export const DEFAULT_GROUPS: GroupSpec[] = [
  { name: 'admins', roleArn: roleArn('BrokerAdmin'), precedence: 1 },
  { name: 'developers', roleArn: roleArn('BrokerDeveloper'), precedence: 5 },
  { name: 'readonly', roleArn: roleArn('BrokerReadOnly'), precedence: 10 },
];

export interface WorldSpec {
  poolName?: string;
  /** Pool MFA setting (default OPTIONAL). ON makes users without a factor meet MFA_SETUP. */
  mfa?: 'OFF' | 'OPTIONAL' | 'ON';
  groups?: GroupSpec[];
  /** Token lifetimes of both app clients (defaults: AWS's 1 h ID/access, 30 days refresh). */
  idTokenValiditySeconds?: number;
  accessTokenValiditySeconds?: number;
  refreshTokenValidityMinutes?: number;
  /** Refresh-token lifetime in seconds, below AWS's 60-minute minimum, so tests can see it expire. */
  refreshTokenValiditySeconds?: number;
  /** The identity pool's authenticated role (default BrokerAuthenticated). Null: none. */
  authenticatedRole?: string | null;
  /** Role mapping for both clients (default Token). */
  roleMapping?: 'Token' | 'Rules' | 'none';
  ambiguousRoleResolution?: 'AuthenticatedRole' | 'Deny';
  rules?: MappingRule[];
  allowUnauthenticated?: boolean;
  /** Basic (classic) flow on the identity pool (GetOpenIdToken); AWS allows it only without role mappings. */
  allowClassicFlow?: boolean;
  /** Sign in with e-mail / phone as the username (the user's internal name, USER_ID_FOR_SRP, is then its sub). */
  usernameAttributes?: ('email' | 'phone_number')[];
  /** The pool's password policy (AWS's default when omitted: 8 characters, upper, lower, number, symbol). */
  passwordPolicy?: PasswordPolicy;
  /** Add the custom attribute `custom:tenant_id` to the pool schema (default true). */
  tenantAttribute?: boolean;
  /**
   * Refresh-token rotation on both app clients, with this grace period (0–60 s). As the developer guide asks of
   * rotating clients, their ExplicitAuthFlows then leave out ALLOW_REFRESH_TOKEN_AUTH.
   */
  refreshTokenRotation?: RefreshTokenRotationSpec;
  /**
   * Choice-based sign-in: the pool's Policies.SignInPolicy.AllowedFirstAuthFactors (PASSWORD must be one), and
   * ALLOW_USER_AUTH on both app clients. Without it the pool allows the password only and the clients no USER_AUTH.
   */
  firstFactors?: FirstFactor[];
  /**
   * Remembered devices: the pool's DeviceConfiguration (any property turns device tracking on, as on AWS).
   * Without it the pool tracks no devices. `backend.setDeviceConfiguration` changes it later.
   */
  deviceConfiguration?: DeviceConfigurationType;
}

export interface RefreshTokenRotationSpec {
  gracePeriodSeconds: number;
}

export interface UserSpec {
  username?: string;
  /** The permanent password (or the temporary one with mustChangePassword). Generated when omitted. */
  password?: string;
  groups?: string[];
  email?: string;
  phoneNumber?: string;
  tenantId?: string;
  attributes?: Record<string, string>;
  /** Admin-created user still on a temporary password: signs in with NEW_PASSWORD_REQUIRED. */
  mustChangePassword?: boolean;
  /** MFA factors to enable. SOFTWARE_TOKEN_MFA is really enrolled (the secret is returned). */
  mfa?: MfaFactor[];
  preferredMfa?: MfaFactor;
}

export interface SeededUser {
  username: string;
  password: string;
  sub: string;
  groups: string[];
  email?: string;
  phoneNumber?: string;
  /** Base32 TOTP secret when SOFTWARE_TOKEN_MFA was enrolled: `world.totpCode(totpSecret)` or otplib's authenticator. */
  totpSecret?: string;
  mfa: MfaFactor[];
}

export interface World {
  backend: Backend;
  region: string;
  userPoolId: string;
  poolName: string;
  mfa: 'OFF' | 'OPTIONAL' | 'ON';
  /** App client without a secret. */
  clientId: string;
  /** App client with a secret, and the secret. */
  secretClientId: string;
  clientSecret: string;
  identityPoolId: string;
  providerName: string;
  groups: GroupSpec[];
  authenticatedRole?: string;
  createUser(spec?: UserSpec): Promise<SeededUser>;
  /** A user in groups with a permanent password. */
  plainUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  totpUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  newPasswordUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  /** A user without a factor in a pool with MFA ON: meets MFA_SETUP (needs `mfa: 'ON'` in the world spec). */
  mfaSetupUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  smsUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  emailUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  /** SMS + TOTP + e-mail, none preferred: meets SELECT_MFA_TYPE. */
  multiFactorUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  /**
   * A user with no password (`password` is ''), who signs in with USER_AUTH codes or passkeys only; has an e-mail
   * address (`<username>@example.com` unless given) and the phone number given, if any.
   */
  passwordlessUser(groups?: string[], spec?: UserSpec): Promise<SeededUser>;
  /** The current TOTP code for a secret. */
  totpCode(secret: string): string;
  /** UpdateUserPoolClient on both app clients: rotation on with this grace period, or off (null). */
  setRefreshTokenRotation(rotation: RefreshTokenRotationSpec | null): Promise<void>;
}

let counter = 0;

export function generatePassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}-9a!`;
}

async function enrolTotp(client: CognitoIdentityProviderClient, accessToken: string, preferred: boolean): Promise<string> {
  const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  if (!SecretCode) throw new Error('AssociateSoftwareToken returned no secret');
  await client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode), FriendlyDeviceName: 'seed' }));
  await client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred } }));
  return SecretCode;
}

export async function seedWorld(backend: Backend, spec: WorldSpec = {}): Promise<World> {
  const idp = backend.userPoolClient();
  const identity = backend.identityClient();
  const mfa = spec.mfa ?? 'OPTIONAL';
  const groups = spec.groups ?? DEFAULT_GROUPS;
  const poolName = spec.poolName ?? `broker-test-${++counter}`;
  const tenantAttribute = spec.tenantAttribute ?? true;

  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: poolName,
      MfaConfiguration: mfa,
      ...(spec.passwordPolicy || spec.firstFactors
        ? {
            Policies: {
              ...(spec.passwordPolicy ? { PasswordPolicy: spec.passwordPolicy } : {}),
              ...(spec.firstFactors ? { SignInPolicy: { AllowedFirstAuthFactors: spec.firstFactors } } : {}),
            },
          }
        : {}),
      ...(spec.usernameAttributes ? { UsernameAttributes: spec.usernameAttributes } : {}),
      ...(spec.deviceConfiguration ? { DeviceConfiguration: spec.deviceConfiguration } : {}),
      ...(tenantAttribute ? { Schema: [{ Name: 'tenant_id', AttributeDataType: 'String', Mutable: true }] } : {}),
    }),
  );
  const userPoolId = UserPool!.Id!;

  const clientSettings = {
    UserPoolId: userPoolId,
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      ...(spec.firstFactors ? ['ALLOW_USER_AUTH'] : []),
    ] as ExplicitAuthFlowsType[],
    EnableTokenRevocation: true,
    IdTokenValidity: spec.idTokenValiditySeconds ?? 3600,
    AccessTokenValidity: spec.accessTokenValiditySeconds ?? 3600,
    RefreshTokenValidity: spec.refreshTokenValiditySeconds ?? spec.refreshTokenValidityMinutes ?? 30 * 24 * 60,
    TokenValidityUnits: {
      IdToken: 'seconds',
      AccessToken: 'seconds',
      RefreshToken: spec.refreshTokenValiditySeconds !== undefined ? 'seconds' : 'minutes',
    } as const,
  };
  const rotationSettings = (rotation: RefreshTokenRotationSpec | null | undefined) =>
    rotation
      ? {
          ExplicitAuthFlows: clientSettings.ExplicitAuthFlows.filter((f) => f !== 'ALLOW_REFRESH_TOKEN_AUTH'),
          RefreshTokenRotation: { Feature: 'ENABLED' as const, RetryGracePeriodSeconds: rotation.gracePeriodSeconds },
        }
      : { ExplicitAuthFlows: [...clientSettings.ExplicitAuthFlows] };
  const [plain, withSecret] = await Promise.all([
    idp.send(new CreateUserPoolClientCommand({ ...clientSettings, ...rotationSettings(spec.refreshTokenRotation), ClientName: 'broker-public' })),
    idp.send(
      new CreateUserPoolClientCommand({
        ...clientSettings,
        ...rotationSettings(spec.refreshTokenRotation),
        ClientName: 'broker-confidential',
        GenerateSecret: true,
      }),
    ),
  ]);
  const clientId = plain.UserPoolClient!.ClientId!;
  const secretClientId = withSecret.UserPoolClient!.ClientId!;
  const clientSecret = withSecret.UserPoolClient!.ClientSecret!;

  for (const g of groups) {
    await idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: g.name, RoleArn: g.roleArn, Precedence: g.precedence }));
  }

  const providerName = backend.providerName(userPoolId);
  const { IdentityPoolId } = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: `${poolName}-identities`,
      AllowUnauthenticatedIdentities: spec.allowUnauthenticated ?? false,
      AllowClassicFlow: spec.allowClassicFlow ?? false,
      CognitoIdentityProviders: [
        { ProviderName: providerName, ClientId: clientId, ServerSideTokenCheck: false },
        { ProviderName: providerName, ClientId: secretClientId, ServerSideTokenCheck: false },
      ],
    }),
  );
  const identityPoolId = IdentityPoolId!;
  const authenticatedRole = spec.authenticatedRole === null ? undefined : (spec.authenticatedRole ?? roleArn('BrokerAuthenticated'));
  const mappingType = spec.roleMapping ?? 'Token';
  const mapping =
    mappingType === 'none'
      ? undefined
      : {
          Type: mappingType,
          AmbiguousRoleResolution: spec.ambiguousRoleResolution ?? 'AuthenticatedRole',
          ...(mappingType === 'Rules' ? { RulesConfiguration: { Rules: spec.rules ?? [] } } : {}),
        };
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: authenticatedRole ? { authenticated: authenticatedRole } : {},
      RoleMappings: mapping ? { [`${providerName}:${clientId}`]: mapping, [`${providerName}:${secretClientId}`]: mapping } : undefined,
    }),
  );

  async function signInForEnrolment(username: string, password: string): Promise<{ accessToken?: string; session?: string }> {
    const answer = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    if (answer.AuthenticationResult?.AccessToken) return { accessToken: answer.AuthenticationResult.AccessToken };
    if (answer.ChallengeName === 'MFA_SETUP') return { session: answer.Session };
    throw new Error(`seed: unexpected challenge ${answer.ChallengeName} while enrolling TOTP`);
  }

  async function createUser(userSpec: UserSpec = {}): Promise<SeededUser> {
    const username = userSpec.username ?? `user-${++counter}-${randomBytes(3).toString('hex')}`;
    const password = userSpec.password ?? generatePassword();
    const factors = userSpec.mfa ?? [];
    const email = userSpec.email ?? (factors.includes('EMAIL_OTP') ? `${username}@example.com` : undefined);
    const phoneNumber =
      userSpec.phoneNumber ?? (factors.includes('SMS_MFA') ? `+1555${String(1000000 + Math.floor(Math.random() * 8999999)).slice(0, 7)}` : undefined);
    const attributes: AttributeType[] = [];
    if (email) attributes.push({ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' });
    if (phoneNumber) attributes.push({ Name: 'phone_number', Value: phoneNumber }, { Name: 'phone_number_verified', Value: 'true' });
    if (userSpec.tenantId) attributes.push({ Name: 'custom:tenant_id', Value: userSpec.tenantId });
    for (const [name, value] of Object.entries(userSpec.attributes ?? {})) attributes.push({ Name: name, Value: value });

    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        TemporaryPassword: password,
        MessageAction: 'SUPPRESS',
        UserAttributes: attributes,
      }),
    );
    const userGroups = userSpec.groups ?? [];
    for (const group of userGroups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));

    let totpSecret: string | undefined;
    if (!userSpec.mustChangePassword) {
      await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
      if (factors.includes('SOFTWARE_TOKEN_MFA')) {
        if (mfa === 'ON') throw new Error('seed: enrol TOTP users in a pool with MFA OPTIONAL (with ON they meet MFA_SETUP at sign-in)');
        const { accessToken } = await signInForEnrolment(username, password);
        totpSecret = await enrolTotp(idp, accessToken!, userSpec.preferredMfa === 'SOFTWARE_TOKEN_MFA');
      }
      const sms = factors.includes('SMS_MFA');
      const mail = factors.includes('EMAIL_OTP');
      if (sms || mail) {
        await idp.send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId: userPoolId,
            Username: username,
            ...(sms ? { SMSMfaSettings: { Enabled: true, PreferredMfa: userSpec.preferredMfa === 'SMS_MFA' } } : {}),
            ...(mail ? { EmailMfaSettings: { Enabled: true, PreferredMfa: userSpec.preferredMfa === 'EMAIL_OTP' } } : {}),
          }),
        );
      }
    } else if (factors.length > 0) {
      throw new Error('seed: a user who must change the password cannot have MFA factors enrolled yet');
    }

    const user = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
    return { username, password, sub, groups: userGroups, email, phoneNumber, totpSecret, mfa: factors };
  }

  const withGroups = (groups: string[] | undefined, spec: UserSpec | undefined, extra: UserSpec): UserSpec => ({
    ...spec,
    ...extra,
    groups: groups ?? spec?.groups ?? ['developers'],
  });

  return {
    backend,
    region: backend.region,
    userPoolId,
    poolName,
    mfa,
    clientId,
    secretClientId,
    clientSecret,
    identityPoolId,
    providerName,
    groups,
    authenticatedRole,
    createUser,
    plainUser: (g, s) => createUser(withGroups(g, s, {})),
    totpUser: (g, s) => createUser(withGroups(g, s, { mfa: ['SOFTWARE_TOKEN_MFA'], preferredMfa: 'SOFTWARE_TOKEN_MFA' })),
    newPasswordUser: (g, s) => createUser(withGroups(g, s, { mustChangePassword: true })),
    async mfaSetupUser(g, s) {
      if (mfa !== 'ON') throw new Error("seed: MFA_SETUP needs a world with mfa: 'ON'");
      return createUser(withGroups(g, s, {}));
    },
    smsUser: (g, s) => createUser(withGroups(g, s, { mfa: ['SMS_MFA'] })),
    emailUser: (g, s) => createUser(withGroups(g, s, { mfa: ['EMAIL_OTP'] })),
    multiFactorUser: (g, s) => createUser(withGroups(g, s, { mfa: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'] })),
    async passwordlessUser(g, s) {
      const spec = withGroups(g, s, {});
      const username = spec.username ?? `nopw-${++counter}-${randomBytes(3).toString('hex')}`;
      const email = spec.email ?? `${username}@example.com`;
      const attributes: { Name: string; Value: string }[] = [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ];
      if (spec.phoneNumber) attributes.push({ Name: 'phone_number', Value: spec.phoneNumber }, { Name: 'phone_number_verified', Value: 'true' });
      await backend.createPasswordlessUser(userPoolId, username, attributes);
      const userGroups = spec.groups ?? [];
      for (const group of userGroups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
      const user = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
      return { username, password: '', sub, groups: userGroups, email, phoneNumber: spec.phoneNumber, mfa: [] };
    },
    totpCode: (secret) => totpCode(secret),
    async setRefreshTokenRotation(rotation) {
      // UpdateUserPoolClient resets what it is not given, so every setting the seed made is given again.
      for (const [id, name] of [
        [clientId, 'broker-public'],
        [secretClientId, 'broker-confidential'],
      ] as const) {
        await idp.send(new UpdateUserPoolClientCommand({ ...clientSettings, ...rotationSettings(rotation), ClientId: id, ClientName: name }));
      }
    },
  };
}
