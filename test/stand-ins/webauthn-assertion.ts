import { createHash, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * Verifies a WebAuthn authentication assertion the way a relying party must, so the test backend can answer
 * a WEB_AUTHN challenge (and the managed-login stand-in a passkey sign-in) with a real check instead of a
 * blanket refusal. The steps follow W3C Web Authentication Level 3, §7.2 "Verifying an Authentication
 * Assertion" (https://www.w3.org/TR/webauthn-3/#sctn-verifying-assertion; the same steps are §7.2 of Level 2,
 * https://www.w3.org/TR/webauthn-2/#sctn-verifying-assertion). The input is what Cognito takes as the
 * WEB_AUTHN challenge's CREDENTIAL: the AuthenticationResponseJSON of the PublicKeyCredential
 * (https://www.w3.org/TR/webauthn-3/#dictdef-authenticationresponsejson), binary members base64url
 * (API reference ChallengeResponseType,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChallengeResponseType.html;
 * developer guide "Passkey sign-in",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html).
 *
 * Not checked, because the backend does not model them: the user handle (passkeys are looked up among the
 * one user's credentials, as §7.2 allows when the user was identified before the ceremony), extensions, and
 * the backup flags (BE/BS only inform the RP).
 */
export interface AssertionExpectation {
  /** The base64url challenge the server issued in the request options. */
  challenge: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
  publicKey: KeyObject;
  /** The counter stored with the credential (0 when the authenticator keeps none). */
  storedSignCount: number;
}

export interface ParsedAssertion {
  id: string;
  clientDataJSON: Buffer;
  authenticatorData: Buffer;
  signature: Buffer;
}

/** Why an assertion was refused; the caller turns it into the error its protocol gives (never shown to users). */
export class AssertionRefused extends Error {}

const FLAG_UP = 0x01; // user present (§6.1 "Authenticator Data", flags bit 0)
const FLAG_UV = 0x04; // user verified (bit 2)

/** Reads the AuthenticationResponseJSON fields; anything malformed is refused like a bad signature. */
export function parseAssertion(credential: unknown): ParsedAssertion {
  let json: unknown = credential;
  if (typeof credential === 'string') {
    try {
      json = JSON.parse(credential);
    } catch {
      throw new AssertionRefused('CREDENTIAL is not JSON');
    }
  }
  const c = json as { id?: unknown; type?: unknown; response?: Record<string, unknown> } | null;
  // §7.2: the credential must be a public-key credential with an assertion response.
  if (!c || c.type !== 'public-key' || typeof c.id !== 'string' || !c.response) throw new AssertionRefused('not a public-key credential');
  const field = (name: string): Buffer => {
    const value = c.response?.[name];
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(value)) throw new AssertionRefused(`response.${name} missing`);
    return Buffer.from(value, 'base64url');
  };
  return { id: c.id, clientDataJSON: field('clientDataJSON'), authenticatorData: field('authenticatorData'), signature: field('signature') };
}

/**
 * The origins a relying party accepts for `rpId`: https on the RP ID or a subdomain of it (§13.4.9
 * "Validating the origin of a credential"), and http only on localhost, the one non-TLS origin browsers treat
 * as a secure context and so let call WebAuthn (https://www.w3.org/TR/secure-contexts/#localhost).
 */
export function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost')));
}

/** Runs the checks of §7.2 from the client data to the signature counter; returns the new counter. */
export function verifyAssertion(assertion: ParsedAssertion, expected: AssertionExpectation): { signCount: number } {
  // The client data is UTF-8 JSON.
  let clientData: { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };
  try {
    clientData = JSON.parse(assertion.clientDataJSON.toString('utf8')) as typeof clientData;
  } catch {
    throw new AssertionRefused('clientDataJSON is not JSON');
  }
  // C.type: an assertion, not a registration.
  if (clientData.type !== 'webauthn.get') throw new AssertionRefused('clientData.type is not webauthn.get');
  // C.challenge: the challenge is the one this server issued for this sign-in (binds the assertion to it).
  if (typeof clientData.challenge !== 'string' || !sameBytes(Buffer.from(clientData.challenge, 'base64url'), Buffer.from(expected.challenge, 'base64url')))
    throw new AssertionRefused('challenge mismatch');
  // C.origin: an origin the relying party expects; C.crossOrigin: no cross-origin iframe (the stand-in embeds none).
  if (typeof clientData.origin !== 'string' || !originAllowed(clientData.origin, expected.rpId)) throw new AssertionRefused('origin not allowed');
  if (clientData.crossOrigin === true) throw new AssertionRefused('cross-origin assertion');

  const data = assertion.authenticatorData;
  if (data.length < 37) throw new AssertionRefused('authenticatorData too short');
  // rpIdHash is SHA-256 of the RP ID the credential is scoped to.
  if (!sameBytes(data.subarray(0, 32), createHash('sha256').update(expected.rpId, 'utf8').digest())) throw new AssertionRefused('rpIdHash mismatch');
  const flags = data[32] ?? 0;
  // UP: the user was present; UV: verified too when the RP requires it.
  if ((flags & FLAG_UP) === 0) throw new AssertionRefused('user not present');
  if (expected.userVerification === 'required' && (flags & FLAG_UV) === 0) throw new AssertionRefused('user not verified');

  // The signature over authenticatorData || SHA-256(clientDataJSON) with the stored public key.
  const signed = Buffer.concat([data, createHash('sha256').update(assertion.clientDataJSON).digest()]);
  if (!signatureValid(expected.publicKey, signed, assertion.signature)) throw new AssertionRefused('bad signature');

  // signCount: the signature counter must grow when either side keeps one; a counter that does not is the
  // sign of a cloned authenticator, which this relying party refuses.
  const signCount = data.readUInt32BE(33);
  if ((signCount !== 0 || expected.storedSignCount !== 0) && signCount <= expected.storedSignCount)
    throw new AssertionRefused('signature counter did not grow');
  return { signCount };
}

/** ES256 (ECDSA P-256, DER signature as WebAuthn carries it, §6.5.5) or RS256 (RSASSA-PKCS1-v1_5, SHA-256). */
function signatureValid(key: KeyObject, signed: Buffer, signature: Buffer): boolean {
  try {
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
      return verify('sha256', signed, { key, dsaEncoding: 'der' }, signature);
    if (key.asymmetricKeyType === 'rsa') return verify('sha256', signed, key, signature);
  } catch {
    return false;
  }
  return false;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
