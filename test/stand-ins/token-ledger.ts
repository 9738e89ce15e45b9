import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AwsError } from './aws-json.js';

/**
 * What the user-pool front knows about the tokens it handed out, so it can answer like AWS where
 * cognito-local does not check: cognito-local never verifies access tokens (expired, revoked or forged ones
 * are accepted), never checks a refresh token's expiry, and has no GlobalSignOut. The front records every
 * AuthenticationResult that passes through it (which access tokens came from which refresh token), marks
 * them revoked on RevokeToken (the refresh token and the access tokens issued from it, as AWS documents) and
 * on GlobalSignOut / AdminUserGlobalSignOut (all of the user's tokens), and checks access tokens'
 * signature (the pool's JWKS), token_use, expiry and revocation.
 */
interface Family {
  userKey: string;
  accessJtis: Set<string>;
}

type Claims = Record<string, unknown>;

export function decodeJwtPayload(token: unknown): Claims | undefined {
  if (typeof token !== 'string') return undefined;
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;
  } catch {
    return undefined;
  }
}

export class TokenLedger {
  private readonly families = new Map<string, Family>();
  private readonly userRefreshTokens = new Map<string, Set<string>>();
  private readonly userAccessJtis = new Map<string, Set<string>>();
  private readonly revokedRefresh = new Set<string>();
  private readonly revokedAccess = new Set<string>();
  private readonly keys = new Map<string, Promise<Map<string, KeyObject>>>();

  /**
   * `issuerBase` is what tokens name as their issuer's base (`iss` = `<issuerBase>/<poolId>`: the front's URL);
   * `keysBase` is where a pool's JWKS is fetched, `<keysBase>/<poolId>/.well-known/jwks.json` (cognito-local).
   */
  constructor(
    private readonly issuerBase: string,
    private readonly keysBase: string = issuerBase,
  ) {}

  /** Records tokens handed out; `fromRefreshToken` when they came from REFRESH_TOKEN_AUTH. */
  record(userKey: string, result: { AccessToken?: unknown; RefreshToken?: unknown }, fromRefreshToken?: string): void {
    const refresh = typeof result.RefreshToken === 'string' ? result.RefreshToken : fromRefreshToken;
    const jti = decodeJwtPayload(result.AccessToken)?.jti;
    if (typeof jti === 'string') {
      let jtis = this.userAccessJtis.get(userKey);
      if (!jtis) this.userAccessJtis.set(userKey, (jtis = new Set()));
      jtis.add(jti);
    }
    if (!refresh) return;
    let family = this.families.get(refresh);
    if (!family) {
      family = { userKey, accessJtis: new Set() };
      this.families.set(refresh, family);
      let tokens = this.userRefreshTokens.get(userKey);
      if (!tokens) this.userRefreshTokens.set(userKey, (tokens = new Set()));
      tokens.add(refresh);
    }
    if (typeof jti === 'string') family.accessJtis.add(jti);
  }

  revokeRefreshToken(refreshToken: string): void {
    this.revokedRefresh.add(refreshToken);
    for (const jti of this.families.get(refreshToken)?.accessJtis ?? []) this.revokedAccess.add(jti);
  }

  globalSignOut(userKey: string): void {
    for (const token of this.userRefreshTokens.get(userKey) ?? []) this.revokeRefreshToken(token);
    for (const jti of this.userAccessJtis.get(userKey) ?? []) this.revokedAccess.add(jti);
  }

  /** AWS's answers to a refresh token that was revoked or has expired; cognito-local checks neither. */
  checkRefreshToken(refreshToken: unknown): void {
    if (typeof refreshToken !== 'string') return;
    if (this.revokedRefresh.has(refreshToken)) throw new AwsError('NotAuthorizedException', 'Refresh Token has been revoked');
    const exp = decodeJwtPayload(refreshToken)?.exp;
    if (typeof exp === 'number' && exp * 1000 <= Date.now()) throw new AwsError('NotAuthorizedException', 'Refresh Token has expired');
  }

  /** Verifies an access token like AWS; returns its claims. */
  async checkAccessToken(token: unknown): Promise<Claims> {
    const invalid = new AwsError('NotAuthorizedException', 'Invalid Access Token');
    if (typeof token !== 'string') throw invalid;
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid;
    let header: Claims;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Claims;
    } catch {
      throw invalid;
    }
    const claims = decodeJwtPayload(token);
    if (!claims || header.alg !== 'RS256' || typeof claims.iss !== 'string' || !claims.iss.startsWith(`${this.issuerBase}/`)) throw invalid;
    const poolId = claims.iss.slice(this.issuerBase.length + 1);
    const key = (await this.poolKeys(poolId)).get(String(header.kid));
    if (!key || !verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))) throw invalid;
    if (claims.token_use !== 'access') throw invalid;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) throw new AwsError('NotAuthorizedException', 'Access Token has expired');
    if (typeof claims.jti === 'string' && this.revokedAccess.has(claims.jti)) throw new AwsError('NotAuthorizedException', 'Access Token has been revoked');
    return claims;
  }

  private poolKeys(poolId: string): Promise<Map<string, KeyObject>> {
    let keys = this.keys.get(poolId);
    if (!keys) {
      keys = (async () => {
        const res = await fetch(`${this.keysBase}/${poolId}/.well-known/jwks.json`);
        if (!res.ok) return new Map<string, KeyObject>();
        const { keys: jwks = [] } = (await res.json()) as { keys?: (Record<string, unknown> & { kid?: string })[] };
        return new Map(jwks.map((jwk) => [String(jwk.kid), createPublicKey({ key: jwk as never, format: 'jwk' })]));
      })();
      keys.catch(() => this.keys.delete(poolId));
      this.keys.set(poolId, keys);
    }
    return keys;
  }
}
