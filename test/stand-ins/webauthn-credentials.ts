import { createPublicKey, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { AwsError, type JsonObject } from './aws-json.js';
import { AssertionRefused, parseAssertion, verifyAssertion } from './webauthn-assertion.js';

/**
 * Passkeys (WebAuthn credentials) of the users of the front's pools, and each pool's WebAuthnConfiguration
 * (points 25 and 26 of the list at the top of user-pool-front.ts). cognito-local has neither.
 *
 * - A pool's passkeys belong to one relying party: WebAuthnConfiguration.RelyingPartyId, "typically your user
 *   pool domain", set by SetUserPoolMfaConfig and reported by GetUserPoolMfaConfig
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html).
 *   The configuration can be set "independent of the MFA configuration options" of the same call
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html),
 *   so a call without WebAuthnConfiguration keeps it. UserVerification is `required` or `preferred`.
 * - A pool that names no relying party uses its managed-login domain. The backend has no CreateUserPoolDomain,
 *   so it stands in the prefix-domain form `<id>.auth.<region>.amazoncognito.com` (the part of the pool id after
 *   the Region, lower-cased) for such pools; GetUserPoolMfaConfig reports no RelyingPartyId for them.
 * - Registration is a browser ceremony (StartWebAuthnRegistration / CompleteWebAuthnRegistration with
 *   navigator.credentials.create), which the tests do not run: they seed passkeys through the backend
 *   (`backend.addPasskey`), each stamped with the relying party the pool names at that moment. A seed may
 *   carry the credential's public key (SPKI PEM/DER or JWK) and id, as registration would have stored them, so
 *   a test holding the private key (a browser's virtual authenticator) can sign in with it; a passkey seeded
 *   without a key can be listed and deleted but never verified.
 * - Sign-in: `verify` checks a WEB_AUTHN CREDENTIAL against the user's passkeys with webauthn-assertion.ts and
 *   keeps the signature counter it reports.
 * - ListWebAuthnCredentials (AccessToken, MaxResults 0..20, NextToken) answers `Credentials` of
 *   WebAuthnCredentialDescription (CredentialId, FriendlyCredentialName, RelyingPartyId,
 *   AuthenticatorAttachment, AuthenticatorTransports, CreatedAt in epoch seconds) and NextToken while more remain
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html,
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnCredentialDescription.html).
 * - DeleteWebAuthnCredential (AccessToken, CredentialId) answers `{}`; an id the user does not have is
 *   ResourceNotFoundException
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html).
 */
export interface StoredPasskey {
  credentialId: string;
  friendlyName: string;
  relyingPartyId: string;
  attachment?: 'platform' | 'cross-platform';
  transports: string[];
  createdAt: Date;
}

export interface PasskeySeed {
  friendlyName?: string;
  attachment?: 'platform' | 'cross-platform';
  transports?: string[];
  /** Overrides the pool's relying party (e.g. a passkey registered before the pool's RP changed). */
  relyingPartyId?: string;
  /** The credential id (base64url); random when absent. */
  credentialId?: string;
  /** The credential's public key: SPKI (PEM string or DER bytes) or a JWK. Without it no assertion verifies. */
  publicKey?: string | Buffer | JsonWebKey;
}

/** What an assertion is checked against: the session's challenge and the pool's WebAuthnConfiguration. */
export interface AssertionContext {
  challenge: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
}

export interface WebAuthnConfiguration {
  RelyingPartyId?: string;
  UserVerification: 'required' | 'preferred';
}

const MAX_RESULTS = 20;

export class WebAuthnCredentials {
  private readonly byUser = new Map<string, StoredPasskey[]>();
  private readonly configs = new Map<string, WebAuthnConfiguration>();
  /** Key material by credential id, kept out of StoredPasskey so no List answer can carry it. */
  private readonly keys = new Map<string, { publicKey: KeyObject; signCount: number }>();

  /** The pool's WebAuthnConfiguration as GetUserPoolMfaConfig reports it (UserVerification defaults to preferred). */
  configuration(poolId: string): WebAuthnConfiguration {
    return this.configs.get(poolId) ?? { UserVerification: 'preferred' };
  }

  /** The relying party the pool's passkeys belong to: the configured one, else the managed-login domain. */
  relyingParty(poolId: string): string {
    const configured = this.configuration(poolId).RelyingPartyId;
    if (configured) return configured;
    const [region = 'us-east-1', id = poolId] = poolId.split('_');
    return `${id.toLowerCase()}.auth.${region}.amazoncognito.com`;
  }

  /** SetUserPoolMfaConfig's WebAuthnConfiguration; absent keeps what the pool has. */
  configure(poolId: string, given: unknown): void {
    if (given === undefined || given === null) return;
    const config = given as { RelyingPartyId?: unknown; UserVerification?: unknown };
    if (config.UserVerification !== undefined && config.UserVerification !== 'required' && config.UserVerification !== 'preferred')
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(config.UserVerification)}' at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]`,
      );
    const rp = typeof config.RelyingPartyId === 'string' && config.RelyingPartyId !== '' ? config.RelyingPartyId : undefined;
    this.configs.set(poolId, {
      ...(rp ? { RelyingPartyId: rp } : {}),
      UserVerification: (config.UserVerification as 'required' | 'preferred' | undefined) ?? 'preferred',
    });
  }

  add(userKey: string, poolId: string, seed: PasskeySeed = {}): StoredPasskey {
    const relyingPartyId = seed.relyingPartyId ?? this.relyingParty(poolId);
    const passkey: StoredPasskey = {
      credentialId: seed.credentialId ?? randomBytes(32).toString('base64url'),
      friendlyName: seed.friendlyName ?? 'Passkey',
      relyingPartyId,
      ...(seed.attachment ? { attachment: seed.attachment } : {}),
      transports: seed.transports ?? ['internal'],
      // AWS reports whole seconds; keep them whole so List answers round-trip.
      createdAt: new Date(Math.floor(Date.now() / 1000) * 1000),
    };
    this.byUser.set(userKey, [...(this.byUser.get(userKey) ?? []), passkey]);
    if (seed.publicKey !== undefined) this.keys.set(passkey.credentialId, { publicKey: importKey(seed.publicKey), signCount: 0 });
    return passkey;
  }

  /**
   * Verifies a WEB_AUTHN CREDENTIAL for the user: the credential must be one of theirs (the allowCredentials
   * the challenge listed), with a stored key, and pass every check of webauthn-assertion.ts. False on any failure.
   */
  verify(userKey: string, credential: unknown, context: AssertionContext): boolean {
    try {
      const assertion = parseAssertion(credential);
      const passkey = this.of(userKey).find((p) => p.credentialId === assertion.id);
      const key = passkey ? this.keys.get(passkey.credentialId) : undefined;
      if (!passkey || !key) return false;
      // The credential is scoped to the RP it was registered for, which must be the one the challenge named.
      if (passkey.relyingPartyId !== context.rpId) return false;
      const { signCount } = verifyAssertion(assertion, { ...context, publicKey: key.publicKey, storedSignCount: key.signCount });
      key.signCount = signCount;
      return true;
    } catch (error) {
      if (error instanceof AssertionRefused) return false;
      throw error;
    }
  }

  of(userKey: string): StoredPasskey[] {
    return this.byUser.get(userKey) ?? [];
  }

  /** ListWebAuthnCredentials for the user the access token names. */
  list(userKey: string, body: JsonObject): JsonObject {
    const max = body.MaxResults === undefined ? MAX_RESULTS : Number(body.MaxResults);
    if (!Number.isInteger(max) || max < 0 || max > MAX_RESULTS)
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(body.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`,
      );
    const all = this.of(userKey);
    let start = 0;
    if (body.NextToken !== undefined) {
      start = decodeNextToken(body.NextToken, userKey);
      if (start > all.length) throw new AwsError('InvalidParameterException', 'Invalid NextToken.');
    }
    const page = all.slice(start, start + max);
    const next = start + page.length;
    return {
      Credentials: page.map((p) => ({
        CredentialId: p.credentialId,
        FriendlyCredentialName: p.friendlyName,
        RelyingPartyId: p.relyingPartyId,
        ...(p.attachment ? { AuthenticatorAttachment: p.attachment } : {}),
        AuthenticatorTransports: p.transports,
        CreatedAt: p.createdAt.getTime() / 1000,
      })),
      ...(next < all.length && page.length > 0 ? { NextToken: encodeNextToken(next, userKey) } : {}),
    };
  }

  /** DeleteWebAuthnCredential for the user the access token names. */
  delete(userKey: string, credentialId: unknown): JsonObject {
    const all = this.of(userKey);
    const left = all.filter((p) => p.credentialId !== credentialId);
    if (typeof credentialId !== 'string' || left.length === all.length)
      throw new AwsError('ResourceNotFoundException', 'The WebAuthn credential was not found.');
    this.byUser.set(userKey, left);
    this.keys.delete(credentialId);
    return {};
  }
}

function importKey(key: string | Buffer | JsonWebKey): KeyObject {
  if (typeof key === 'string') return createPublicKey(key);
  if (Buffer.isBuffer(key)) return createPublicKey({ key, format: 'der', type: 'spki' });
  return createPublicKey({ key, format: 'jwk' });
}

function encodeNextToken(offset: number, userKey: string): string {
  return Buffer.from(JSON.stringify({ o: offset, u: userKey })).toString('base64url');
}

function decodeNextToken(token: unknown, userKey: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { o?: unknown; u?: unknown };
    if (parsed.u === userKey && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to AWS's answer for a token it did not issue
  }
  throw new AwsError('InvalidParameterException', 'Invalid NextToken.');
}
