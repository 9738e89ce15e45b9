import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import {
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureError,
  JwtParseError,
  ParameterValidationError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { CallCounter } from './call-counter.js';
import { FaultPlan } from './fault-plan.js';
import { AwsError, closeServer, listenOnLoopback, operationOf, parseJsonBody, readBody, sendAwsError, sendJson, type JsonObject } from './aws-json.js';
import { resolveRole, type RoleDecision, type RoleMapping } from './role-rules.js';

/**
 * Amazon Cognito identity pools (service `AWSCognitoIdentityService`, AWS JSON 1.1), which no installable
 * emulator provides. Implemented from the AWS API reference: the admin calls the seed needs
 * (CreateIdentityPool, DescribeIdentityPool, SetIdentityPoolRoles, GetIdentityPoolRoles) and the enhanced
 * (GetId + GetCredentialsForIdentity) and basic (GetOpenIdToken) authenticated flows.
 *
 * Logins are verified like AWS does: the Logins key is a provider name configured on this identity pool,
 * `cognito-idp.<region>.amazonaws.com/<userPoolId>` (API reference CognitoIdentityProvider.ProviderName and
 * GetId Logins, https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html), the ID token's
 * RS256 signature verifies against the user pool's JWKS, its issuer is the one that belongs to that provider
 * name — `https://<providerName>` (ORIGINAL) or `https://issuer-<providerName>` (UPDATED, the same pool's other
 * issuer form, API reference IssuerConfigurationType; AWS documents no separate provider name for it, so a
 * pool switched to UPDATED keeps its identity-pool provider) — `aud` is an app client registered for that
 * provider in this identity pool, `token_use` = id, and `exp`. The role comes from role-rules.ts. Error names are AWS's; where the
 * exact wording of AWS's message is not documented, the message says the same thing in AWS's style.
 * Calls are unsigned (AWS does not require SigV4 for GetId/GetCredentialsForIdentity/GetOpenIdToken) and
 * admin calls are not authenticated: this is a loopback test server.
 *
 * STS (AssumeRoleWithWebIdentity for the basic flow) speaks the AWS query protocol, not JSON 1.1; it can
 * be added as another entry of `protocols` in handle() without touching the handlers here.
 */
export interface CognitoIdentityProvider {
  ProviderName: string;
  ClientId: string;
  ServerSideTokenCheck?: boolean;
}

export interface IdentityPool {
  IdentityPoolId: string;
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  CognitoIdentityProviders: CognitoIdentityProvider[];
  Roles: Record<string, string>;
  RoleMappings: Record<string, RoleMapping>;
}

export interface IssuedCredentials {
  identityPoolId: string;
  identityId: string;
  roleArn: string;
  /** Why this role: custom-role, preferred-role, rule, ambiguous-authenticated-role, authenticated-role. */
  reason: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface IdentityPoolServerOptions {
  region: string;
  /** Where the user pools' keys are fetched: `<userPoolKeysBase>/<userPoolId>/.well-known/jwks.json`. */
  userPoolKeysBase: string;
  /**
   * Only for a backend whose pools sign like an emulator (their own URL as issuer base): the issuer base the
   * tokens carry instead of AWS's. Real identity pools never accept such tokens; the tests of the broker's
   * explicit `issuer` setting need credentials all the same.
   */
  emulatorIssuerBase?: string;
  /** Lifetime of issued credentials; AWS's is one hour. */
  credentialLifetimeSeconds?: number;
  /** Clock skew AWS tolerates is not documented; tests that expire tokens need 0. */
  clockToleranceSeconds?: number;
}

export interface IdentityPoolServer {
  endpoint: string;
  counts: CallCounter;
  faults: FaultPlan;
  issued: IssuedCredentials[];
  pools: Map<string, IdentityPool>;
  /** The public key (JWK) that signs GetOpenIdToken tokens, for a later STS emulation. */
  openIdPublicJwk(): JsonObject;
  setCredentialLifetime(seconds: number): void;
  stop(): Promise<void>;
}

interface Identity {
  identityId: string;
  identityPoolId: string;
  logins: Map<string, string>;
}

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function str(value: unknown, field: string, required = true): string | undefined {
  if (value === undefined || value === null) {
    if (required)
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof value !== 'string') throw new AwsError('InvalidParameterException', `Value at '${field}' must be a string.`);
  return value;
}

function loginsOf(body: JsonObject): Record<string, string> {
  const logins = body.Logins;
  if (logins === undefined || logins === null) return {};
  if (typeof logins !== 'object' || Array.isArray(logins)) throw new AwsError('InvalidParameterException', "Value at 'logins' must be a map.");
  return logins as Record<string, string>;
}

/** `exp` of a token already known to be well-formed (only used to word the expiry error like AWS). */
function expOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : 0;
  } catch {
    return 0;
  }
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export async function startIdentityPoolServer(options: IdentityPoolServerOptions): Promise<IdentityPoolServer> {
  const { region } = options;
  let lifetime = options.credentialLifetimeSeconds ?? 3600;
  const tolerance = options.clockToleranceSeconds ?? 0;
  const counts = new CallCounter();
  const faults = new FaultPlan();
  const issued: IssuedCredentials[] = [];
  const pools = new Map<string, IdentityPool>();
  const identities = new Map<string, Identity>();
  const verifiers = new Map<string, { verify(token: string): Promise<Record<string, unknown>> }>();
  let openIdKey: { privateKey: KeyObject; jwk: JsonObject; kid: string } | undefined;

  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>` → its parts; anything else is not a user-pool provider. */
  const userPoolProvider = (provider: string): { region: string; userPoolId: string } | undefined => {
    const match = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([\w-]+_[0-9A-Za-z]+)$/.exec(provider);
    return match ? { region: match[1]!, userPoolId: match[2]! } : undefined;
  };
  /** The issuers a provider's tokens may carry: ORIGINAL `https://<provider>` and UPDATED `https://issuer-<provider>`. */
  const issuersOf = (provider: string, userPoolId: string): string[] =>
    options.emulatorIssuerBase !== undefined ? [`${options.emulatorIssuerBase}/${userPoolId}`] : [`https://${provider}`, `https://issuer-${provider}`];

  function pool(id: unknown): IdentityPool {
    const poolId = str(id, 'identityPoolId')!;
    const found = pools.get(poolId);
    if (!found) throw new AwsError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    return found;
  }

  function describe(p: IdentityPool): JsonObject {
    return {
      IdentityPoolId: p.IdentityPoolId,
      IdentityPoolName: p.IdentityPoolName,
      AllowUnauthenticatedIdentities: p.AllowUnauthenticatedIdentities,
      AllowClassicFlow: p.AllowClassicFlow ?? false,
      CognitoIdentityProviders: p.CognitoIdentityProviders,
    };
  }

  async function verifierFor(provider: string, userPoolId: string, clientIds: string[]) {
    const key = `${provider}|${clientIds.join(',')}`;
    let verifier = verifiers.get(key);
    if (!verifier) {
      const jwksUri = `${options.userPoolKeysBase}/${userPoolId}/.well-known/jwks.json`;
      const issuers = issuersOf(provider, userPoolId);
      const v = JwtRsaVerifier.create(issuers.map((issuer) => ({ issuer, audience: clientIds, jwksUri, graceSeconds: tolerance })));
      // aws-jwt-verify fetches only https JWKS; the emulator serves http on loopback, so load it ourselves.
      const res = await fetch(jwksUri);
      if (!res.ok) throw new AwsError('NotAuthorizedException', 'Invalid login token. Unable to fetch the keys of the token issuer.');
      const jwks = (await res.json()) as Parameters<typeof v.cacheJwks>[0];
      for (const issuer of issuers) v.cacheJwks(jwks, issuer);
      verifier = { verify: async (token: string) => (await v.verify(token as never)) as unknown as Record<string, unknown> };
      verifiers.set(key, verifier);
    }
    return verifier;
  }

  /** Verifies every login of a request; returns provider → claims. */
  async function verifyLogins(p: IdentityPool, logins: Record<string, string>): Promise<Map<string, Record<string, unknown>>> {
    const verified = new Map<string, Record<string, unknown>>();
    for (const [provider, token] of Object.entries(logins)) {
      const configured = p.CognitoIdentityProviders.filter((c) => c.ProviderName === provider);
      const userPool = userPoolProvider(provider);
      if (configured.length === 0 || !userPool) {
        throw new AwsError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
      }
      if (typeof token !== 'string' || token.split('.').length !== 3) {
        throw new AwsError('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.');
      }
      const verifier = await verifierFor(
        provider,
        userPool.userPoolId,
        configured.map((c) => c.ClientId),
      );
      let claims: Record<string, unknown>;
      try {
        claims = await verifier.verify(token);
      } catch (error) {
        if (error instanceof JwtExpiredError) {
          throw new AwsError('NotAuthorizedException', `Invalid login token. Token expired: ${expOf(token)} >= ${Math.floor(Date.now() / 1000)}`);
        }
        if (error instanceof JwtInvalidAudienceError)
          throw new AwsError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
        // A multi-issuer verifier reports an issuer it was not configured for as a parameter error.
        if (error instanceof JwtInvalidIssuerError || error instanceof ParameterValidationError)
          throw new AwsError('NotAuthorizedException', "Invalid login token. Issuer doesn't match providerName");
        if (error instanceof JwtInvalidSignatureError || error instanceof KidNotFoundInJwksError) {
          throw new AwsError('NotAuthorizedException', "Invalid login token. Couldn't verify signed token.");
        }
        if (error instanceof JwtParseError) throw new AwsError('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.');
        throw new AwsError('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.');
      }
      if (claims.token_use !== 'id') throw new AwsError('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.');
      verified.set(provider, claims);
    }
    return verified;
  }

  function identity(p: IdentityPool, identityId: unknown): Identity {
    const id = str(identityId, 'identityId')!;
    const found = identities.get(id);
    if (!found || found.identityPoolId !== p.IdentityPoolId) throw new AwsError('ResourceNotFoundException', `Identity '${id}' not found.`);
    return found;
  }

  function findPoolOfIdentity(identityId: unknown): IdentityPool {
    const id = str(identityId, 'identityId')!;
    const found = identities.get(id);
    if (!found) throw new AwsError('ResourceNotFoundException', `Identity '${id}' not found.`);
    return pool(found.identityPoolId);
  }

  /** The identity's logins must all be present and match (same provider, same `sub`). */
  async function authenticate(body: JsonObject): Promise<{ p: IdentityPool; ident: Identity; claims: Map<string, Record<string, unknown>> }> {
    const p = findPoolOfIdentity(body.IdentityId);
    const ident = identity(p, body.IdentityId);
    const logins = loginsOf(body);
    if (Object.keys(logins).length === 0) {
      if (ident.logins.size > 0)
        throw new AwsError('NotAuthorizedException', "Logins don't match. Please include at least one valid login for this identity or identity pool.");
      if (!p.AllowUnauthenticatedIdentities) throw new AwsError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      return { p, ident, claims: new Map() };
    }
    const claims = await verifyLogins(p, logins);
    for (const [provider, c] of claims) {
      if (ident.logins.get(provider) !== c.sub) {
        throw new AwsError('NotAuthorizedException', "Logins don't match. Please include at least one valid login for this identity or identity pool.");
      }
    }
    return { p, ident, claims };
  }

  function issue(p: IdentityPool, ident: Identity, decision: Extract<RoleDecision, { ok: true }>): JsonObject {
    const accessKeyId = `ASIA${randomFrom(ALNUM_UPPER, 16)}`;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = randomBytes(600).toString('base64');
    const expiration = new Date((Math.floor(Date.now() / 1000) + lifetime) * 1000);
    issued.push({
      identityPoolId: p.IdentityPoolId,
      identityId: ident.identityId,
      roleArn: decision.roleArn,
      reason: decision.reason,
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration,
    });
    return {
      IdentityId: ident.identityId,
      // The wire format of a timestamp in AWS JSON 1.1 is epoch seconds.
      Credentials: { AccessKeyId: accessKeyId, SecretKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration.getTime() / 1000 },
    };
  }

  function roleFor(p: IdentityPool, claims: Map<string, Record<string, unknown>>, customRoleArn: string | undefined): Extract<RoleDecision, { ok: true }> {
    if (claims.size === 0) {
      const unauth = p.Roles.unauthenticated;
      if (!unauth)
        throw new AwsError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      return { ok: true, roleArn: unauth, reason: 'authenticated-role' };
    }
    const [provider, tokenClaims] = [...claims][0]!;
    const aud = String(tokenClaims.aud);
    const mapping = p.RoleMappings[`${provider}:${aud}`];
    const decision = resolveRole({ claims: tokenClaims, mapping, authenticatedRole: p.Roles.authenticated, customRoleArn });
    if (decision.ok) return decision;
    if (decision.reason === 'custom-role-not-allowed') {
      throw new AwsError('NotAuthorizedException', `The role ${customRoleArn} is not one of the roles this login token allows.`);
    }
    if (decision.reason === 'ambiguous-deny') {
      throw new AwsError('NotAuthorizedException', `The ambiguous role mapping rules for: ${provider}:${aud} denied this request.`);
    }
    throw new AwsError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
  }

  function openIdSigningKey() {
    if (!openIdKey) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = `${region}-${randomFrom(ALNUM_UPPER, 8)}`;
      openIdKey = { privateKey, kid, jwk: { ...(publicKey.export({ format: 'jwk' }) as JsonObject), kid, alg: 'RS512', use: 'sig' } };
    }
    return openIdKey;
  }

  const handlers: Record<string, (body: JsonObject) => Promise<JsonObject> | JsonObject> = {
    CreateIdentityPool(body) {
      const name = str(body.IdentityPoolName, 'identityPoolName')!;
      if (typeof body.AllowUnauthenticatedIdentities !== 'boolean') {
        throw new AwsError(
          'InvalidParameterException',
          "1 validation error detected: Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null",
        );
      }
      const providers = (body.CognitoIdentityProviders ?? []) as CognitoIdentityProvider[];
      const p: IdentityPool = {
        IdentityPoolId: `${region}:${randomUUID()}`,
        IdentityPoolName: name,
        AllowUnauthenticatedIdentities: body.AllowUnauthenticatedIdentities,
        AllowClassicFlow: body.AllowClassicFlow === true,
        CognitoIdentityProviders: providers.map((c) => ({
          ProviderName: c.ProviderName,
          ClientId: c.ClientId,
          ServerSideTokenCheck: c.ServerSideTokenCheck ?? false,
        })),
        Roles: {},
        RoleMappings: {},
      };
      pools.set(p.IdentityPoolId, p);
      return describe(p);
    },
    DescribeIdentityPool(body) {
      return describe(pool(body.IdentityPoolId));
    },
    UpdateIdentityPool(body) {
      const p = pool(body.IdentityPoolId);
      p.IdentityPoolName = str(body.IdentityPoolName, 'identityPoolName')!;
      if (typeof body.AllowUnauthenticatedIdentities !== 'boolean') {
        throw new AwsError(
          'InvalidParameterException',
          "1 validation error detected: Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null",
        );
      }
      p.AllowUnauthenticatedIdentities = body.AllowUnauthenticatedIdentities;
      p.AllowClassicFlow = body.AllowClassicFlow === true;
      // Like AWS, the call replaces the providers: a field left out is cleared.
      p.CognitoIdentityProviders = ((body.CognitoIdentityProviders ?? []) as CognitoIdentityProvider[]).map((c) => ({
        ProviderName: c.ProviderName,
        ClientId: c.ClientId,
        ServerSideTokenCheck: c.ServerSideTokenCheck ?? false,
      }));
      verifiers.clear();
      return describe(p);
    },
    DeleteIdentityPool(body) {
      const p = pool(body.IdentityPoolId);
      pools.delete(p.IdentityPoolId);
      for (const [id, ident] of identities) if (ident.identityPoolId === p.IdentityPoolId) identities.delete(id);
      return {};
    },
    ListIdentityPools(body) {
      const max = typeof body.MaxResults === 'number' ? body.MaxResults : 60;
      return { IdentityPools: [...pools.values()].slice(0, max).map((p) => ({ IdentityPoolId: p.IdentityPoolId, IdentityPoolName: p.IdentityPoolName })) };
    },
    DescribeIdentity(body) {
      const ident = identities.get(str(body.IdentityId, 'identityId')!);
      if (!ident) throw new AwsError('ResourceNotFoundException', `Identity '${String(body.IdentityId)}' not found.`);
      return { IdentityId: ident.identityId, Logins: [...ident.logins.keys()] };
    },
    SetIdentityPoolRoles(body) {
      const p = pool(body.IdentityPoolId);
      const roles = (body.Roles ?? {}) as Record<string, string>;
      const mappings = (body.RoleMappings ?? {}) as Record<string, RoleMapping>;
      for (const [key, mapping] of Object.entries(mappings)) {
        const providerOk = p.CognitoIdentityProviders.some((c) => `${c.ProviderName}:${c.ClientId}` === key);
        if (!providerOk) throw new AwsError('InvalidParameterException', `The provider ${key} is not configured for this identity pool.`);
        if (mapping.Type !== 'Token' && mapping.Type !== 'Rules') throw new AwsError('InvalidParameterException', `Role mapping type must be Token or Rules.`);
        if (mapping.Type === 'Rules' && !mapping.RulesConfiguration?.Rules?.length) {
          throw new AwsError('InvalidParameterException', 'RulesConfiguration is required for a role mapping of type Rules.');
        }
        if ((mapping.RulesConfiguration?.Rules?.length ?? 0) > 25) throw new AwsError('InvalidParameterException', 'A role mapping can have at most 25 rules.');
      }
      p.Roles = { ...roles };
      p.RoleMappings = { ...mappings };
      return {};
    },
    GetIdentityPoolRoles(body) {
      const p = pool(body.IdentityPoolId);
      return { IdentityPoolId: p.IdentityPoolId, Roles: p.Roles, RoleMappings: p.RoleMappings };
    },
    async GetId(body) {
      const p = pool(body.IdentityPoolId);
      const logins = loginsOf(body);
      if (Object.keys(logins).length === 0) {
        if (!p.AllowUnauthenticatedIdentities) throw new AwsError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
        const ident: Identity = { identityId: `${region}:${randomUUID()}`, identityPoolId: p.IdentityPoolId, logins: new Map() };
        identities.set(ident.identityId, ident);
        return { IdentityId: ident.identityId };
      }
      const claims = await verifyLogins(p, logins);
      for (const ident of identities.values()) {
        if (ident.identityPoolId !== p.IdentityPoolId) continue;
        for (const [provider, c] of claims) if (ident.logins.get(provider) === c.sub) return { IdentityId: ident.identityId };
      }
      const ident: Identity = { identityId: `${region}:${randomUUID()}`, identityPoolId: p.IdentityPoolId, logins: new Map() };
      for (const [provider, c] of claims) ident.logins.set(provider, String(c.sub));
      identities.set(ident.identityId, ident);
      return { IdentityId: ident.identityId };
    },
    async GetCredentialsForIdentity(body) {
      const { p, ident, claims } = await authenticate(body);
      const custom = str(body.CustomRoleArn, 'customRoleArn', false);
      return issue(p, ident, roleFor(p, claims, custom));
    },
    async GetOpenIdToken(body) {
      const { p, ident, claims } = await authenticate(body);
      // GetOpenIdToken is the basic (classic) flow: AWS refuses it unless the pool allows that flow, and on
      // pools that map roles (role mapping needs the enhanced flow).
      if (!p.AllowClassicFlow) throw new AwsError('InvalidParameterException', 'Basic (classic) flow is not enabled, please use enhanced flow.');
      if (Object.keys(p.RoleMappings).length > 0)
        throw new AwsError('InvalidParameterException', 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.');
      const key = openIdSigningKey();
      const now = Math.floor(Date.now() / 1000);
      const header = { kid: key.kid, typ: 'JWS', alg: 'RS512' };
      const payload = {
        sub: ident.identityId,
        aud: p.IdentityPoolId,
        amr: claims.size
          ? ['authenticated', ...claims.keys(), ...[...claims].map(([provider, c]) => `${provider}:${String(c.aud)}:${String(c.sub)}`)]
          : ['unauthenticated'],
        iss: 'https://cognito-identity.amazonaws.com',
        exp: now + 600,
        iat: now,
        'https://cognito-identity.amazonaws.com/identity-pool-arn': `arn:aws:cognito-identity:${region}:123456789012:identitypool/${p.IdentityPoolId}`,
      };
      const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      const signature = sign('sha512', Buffer.from(signingInput), key.privateKey).toString('base64url');
      return { IdentityId: ident.identityId, Token: `${signingInput}.${signature}` };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const op = operationOf(req, 'AWSCognitoIdentityService');
      if (req.method !== 'POST' || !op) throw new AwsError('UnknownOperationException', 'The requested operation is not supported by this endpoint.');
      counts.add(op);
      await faults.apply(op);
      const handler = handlers[op];
      if (!handler) throw new AwsError('UnknownOperationException', `Operation ${op} is not implemented by this test server.`);
      sendJson(res, 200, await handler(parseJsonBody(body)));
    } catch (error) {
      sendAwsError(
        res,
        error instanceof AwsError ? error : new AwsError('InternalErrorException', error instanceof Error ? error.message : String(error), 500),
      );
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    counts,
    faults,
    issued,
    pools,
    openIdPublicJwk: () => openIdSigningKey().jwk,
    setCredentialLifetime(seconds) {
      lifetime = seconds;
    },
    stop: () => closeServer(server),
  };
}
