import { randomBytes } from 'node:crypto';
import { AwsError, type JsonObject } from './aws-json.js';
import { decodeJwtPayload, type TokenLedger } from './token-ledger.js';

/**
 * Refresh-token rotation per app client, which cognito-local knows nothing of (point 20 of the list at the top
 * of user-pool-front.ts). What AWS documents, and what this emulates:
 *
 * - An app client's `RefreshTokenRotation` is `{ Feature: 'ENABLED' | 'DISABLED', RetryGracePeriodSeconds: 0..60 }`,
 *   set by CreateUserPoolClient / UpdateUserPoolClient and reported by DescribeUserPoolClient
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html).
 *   UpdateUserPoolClient sets every attribute it is not given to its default
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html),
 *   so an update without RefreshTokenRotation turns rotation off. A missing grace period is 0: AWS documents
 *   the field as optional and 0 as "no grace period".
 * - GetTokensFromRefreshToken (RefreshToken, ClientId, ClientSecret, DeviceKey, ClientMetadata) works for every
 *   app client. With rotation on it returns a new refresh token and the submitted one stays valid for
 *   RetryGracePeriodSeconds, then is invalid; with rotation off it returns new ID and access tokens only
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html,
 *   developer guide "Refresh tokens":
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html).
 *   A token invalidated by rotation is RefreshTokenReuseException (the exception the API lists for "a refresh
 *   token that has been invalidated by refresh-token rotation"); an unknown one NotAuthorizedException
 *   "Invalid Refresh Token." (what AWS answers, as reported in aws/aws-sdk-js-v3#7162). A client with a secret
 *   must send it as ClientSecret (the API's "The client secret of the requested app client, if the client has
 *   a secret"); missing or wrong is NotAuthorizedException, like a missing or wrong SECRET_HASH.
 * - "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled"
 *   (developer guide, same page). AWS does not document the exact refusal; the front answers what AWS answers
 *   for a flow the client does not allow, InvalidParameterException "REFRESH_TOKEN_AUTH flow not enabled for
 *   this client" (the guide asks administrators to remove ALLOW_REFRESH_TOKEN_AUTH from rotating clients).
 * - A rotated token lives as long as the sign-in it came from: rotation does not extend the session (a
 *   replacement runs out when the original would have).
 *
 * cognito-local refreshes with its own refresh token only, so the front mints opaque refresh tokens for
 * rotating clients and maps each to cognito-local's token of that sign-in ("underlying"). RevokeToken of any
 * token of a sign-in revokes the whole sign-in: the underlying token, every rotated token minted from it, and
 * the access tokens issued from them.
 */
export interface RotationSetting {
  Feature: 'ENABLED' | 'DISABLED';
  RetryGracePeriodSeconds: number;
}

export interface RefreshRotationDeps {
  /** A call to cognito-local itself (not counted, not faulted). */
  callLocal(op: string, body: JsonObject): Promise<JsonObject>;
  clientInfo(clientId: unknown): Promise<{ poolId: string; secret?: string }>;
  ledger: TokenLedger;
  userKey(poolId: string, username: string): string;
  now?: () => number;
}

interface Minted {
  underlying: string;
  clientId: string;
}

const INVALID = 'Invalid Refresh Token.';

export class RefreshRotation {
  private readonly settings = new Map<string, RotationSetting>();
  /** Rotated token → the cognito-local refresh token of its sign-in. */
  private readonly minted = new Map<string, Minted>();
  /** Underlying token → every rotated token minted from it (for RevokeToken). */
  private readonly families = new Map<string, Set<string>>();
  /** A token that was rotated out → when it stops working (ms since the epoch). */
  private readonly invalidFrom = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: RefreshRotationDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** AWS's validation of RefreshTokenRotationType; undefined when the request has none. */
  static parse(value: unknown): RotationSetting | undefined {
    if (value === undefined || value === null) return undefined;
    const v = value as { Feature?: unknown; RetryGracePeriodSeconds?: unknown };
    if (v.Feature !== 'ENABLED' && v.Feature !== 'DISABLED') {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(v.Feature)}' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
      );
    }
    const grace = v.RetryGracePeriodSeconds ?? 0;
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 60) {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(grace)}' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value between 0 and 60`,
      );
    }
    return { Feature: v.Feature, RetryGracePeriodSeconds: grace };
  }

  /** Create/UpdateUserPoolClient: the client's setting from now on (none given: rotation off). */
  configure(clientId: string, setting: RotationSetting | undefined): void {
    if (setting) this.settings.set(clientId, setting);
    else this.settings.delete(clientId);
  }

  forget(clientId: string): void {
    this.settings.delete(clientId);
  }

  /** Adds RefreshTokenRotation to a UserPoolClient object (Create/Update/DescribeUserPoolClient answers). */
  report(answer: JsonObject): JsonObject {
    const client = answer.UserPoolClient as JsonObject | undefined;
    const setting = client ? this.settings.get(String(client.ClientId)) : undefined;
    if (!client || !setting) return answer;
    return { ...answer, UserPoolClient: { ...client, RefreshTokenRotation: { ...setting } } };
  }

  private rotating(clientId: string): RotationSetting | undefined {
    const setting = this.settings.get(clientId);
    return setting?.Feature === 'ENABLED' ? setting : undefined;
  }

  /**
   * InitiateAuth REFRESH_TOKEN_AUTH: refused on a rotating client; otherwise the request to pass on, with a
   * token minted while rotation was on replaced by cognito-local's own (rotation may have been turned off since).
   */
  refreshTokenAuth(clientId: string, body: JsonObject): JsonObject {
    if (this.rotating(clientId)) throw new AwsError('InvalidParameterException', 'REFRESH_TOKEN_AUTH flow not enabled for this client');
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    const token = params.REFRESH_TOKEN;
    if (token === undefined) return body;
    this.checkUsable(token, clientId);
    const underlying = this.minted.get(token)?.underlying;
    return underlying ? { ...body, AuthParameters: { ...params, REFRESH_TOKEN: underlying } } : body;
  }

  /** RevokeToken: the request for cognito-local (which knows only its own token of the sign-in). */
  revokeRequest(body: JsonObject): JsonObject {
    const underlying = typeof body.Token === 'string' ? this.minted.get(body.Token)?.underlying : undefined;
    return underlying ? { ...body, Token: underlying } : body;
  }

  /** After RevokeToken: the whole sign-in is over, whichever of its tokens was revoked. */
  revoked(token: unknown): void {
    if (typeof token !== 'string') return;
    const underlying = this.minted.get(token)?.underlying ?? token;
    this.deps.ledger.revokeRefreshToken(underlying);
    for (const rotated of this.families.get(underlying) ?? []) this.deps.ledger.revokeRefreshToken(rotated);
  }

  async getTokens(body: JsonObject): Promise<JsonObject> {
    const token = body.RefreshToken;
    if (typeof token !== 'string' || token === '') {
      throw new AwsError(
        'InvalidParameterException',
        "1 validation error detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null",
      );
    }
    const clientId = String(body.ClientId ?? '');
    const client = await this.deps.clientInfo(body.ClientId);
    if (client.secret !== undefined) {
      if (typeof body.ClientSecret !== 'string' || body.ClientSecret === '')
        throw new AwsError('NotAuthorizedException', `Client ${clientId} is configured with secret but ClientSecret was not received`);
      if (body.ClientSecret !== client.secret) throw new AwsError('NotAuthorizedException', `Unable to verify secret for client ${clientId}`);
    }
    this.checkUsable(token, clientId);
    const underlying = this.minted.get(token)?.underlying ?? token;
    this.deps.ledger.checkRefreshToken(underlying);

    let answer: JsonObject;
    try {
      answer = await this.deps.callLocal('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: underlying } });
    } catch (error) {
      if (error instanceof AwsError && error.type === 'NotAuthorizedException') throw new AwsError('NotAuthorizedException', INVALID);
      throw error;
    }
    const { RefreshToken: _none, ...result } = (answer.AuthenticationResult ?? {}) as JsonObject;
    const claims = decodeJwtPayload(result.AccessToken);
    // The access tokens of every refresh belong to the sign-in, so RevokeToken of any of its tokens ends them.
    this.deps.ledger.record(this.deps.userKey(client.poolId, String(claims?.username ?? '')), result, underlying);

    const setting = this.rotating(clientId);
    if (!setting) return { AuthenticationResult: result };
    const fresh = randomBytes(96).toString('base64url');
    this.minted.set(fresh, { underlying, clientId });
    let family = this.families.get(underlying);
    if (!family) this.families.set(underlying, (family = new Set()));
    family.add(fresh);
    // A retry inside the grace period does not extend it: the first rotation started the clock.
    if (!this.invalidFrom.has(token)) this.invalidFrom.set(token, this.now() + setting.RetryGracePeriodSeconds * 1000);
    return { AuthenticationResult: { ...result, RefreshToken: fresh } };
  }

  /** Revoked, expired (the ledger), rotated out past its grace period, or minted for another client. */
  private checkUsable(token: string, clientId: string): void {
    const minted = this.minted.get(token);
    if (minted && minted.clientId !== clientId) throw new AwsError('NotAuthorizedException', INVALID);
    this.deps.ledger.checkRefreshToken(token);
    const until = this.invalidFrom.get(token);
    if (until !== undefined && this.now() >= until)
      throw new AwsError('RefreshTokenReuseException', 'The refresh token has been invalidated by refresh token rotation.');
  }
}
