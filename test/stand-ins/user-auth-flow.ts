import { randomBytes } from 'node:crypto';
import { AwsError, type JsonObject } from './aws-json.js';
import type { FirstFactor, SignInPolicies } from './sign-in-policy.js';
import type { WebAuthnCredentials } from './webauthn-credentials.js';

/**
 * Choice-based sign-in, `AuthFlow: USER_AUTH` (points 21-27 of the list at the top of user-pool-front.ts).
 * cognito-local does not know the flow; the front answers it with its own sessions, SRP, codes and tokens,
 * which it lends through UserAuthDeps. What AWS documents, and what this emulates:
 *
 * - InitiateAuth USER_AUTH takes USERNAME, optional PREFERRED_CHALLENGE (PASSWORD with PASSWORD, PASSWORD_SRP
 *   with SRP_A, EMAIL_OTP, SMS_OTP, WEB_AUTHN) and SECRET_HASH; it answers the preferred challenge, or
 *   SELECT_CHALLENGE with the top-level `AvailableChallenges`
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html,
 *   developer guide "Authentication flows",
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html).
 *   A preferred challenge the user cannot use is answered with SELECT_CHALLENGE, so the user can still choose.
 * - RespondToAuthChallenge SELECT_CHALLENGE carries ANSWER (one of AvailableChallenges) and USERNAME; PASSWORD,
 *   PASSWORD_SRP and WEB_AUTHN complete in the same call with PASSWORD, SRP_A (→ PASSWORD_VERIFIER) or
 *   CREDENTIAL; for SMS_OTP and EMAIL_OTP "your user pool will send a code for the user to submit in the next
 *   challenge response" as SMS_OTP_CODE / EMAIL_OTP_CODE
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChallengeResponseType.html,
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html).
 * - What a user can use: the pool's AllowedFirstAuthFactors (sign-in-policy.ts), PASSWORD and PASSWORD_SRP
 *   when the user has a password, EMAIL_OTP with an `email`, SMS_OTP with a `phone_number`, WEB_AUTHN with a
 *   registered passkey. MFA and passwordless are not combined: where MFA is required, or the user has an MFA
 *   factor, only the password factors are offered ("MFA and passwordless cannot be used together ... If a user
 *   has MFA configured, passwordless sign-in options will not be available",
 *   https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/, citing the developer guide's
 *   MFA prerequisites, https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html;
 *   the API reference's WebAuthnMfaSettingsType says passkey MFA is what makes "passkey sign-in ... available when
 *   MFA is required",
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnMfaSettingsType.html,
 *   which the front does not emulate).
 * - MFA follows the password factor only: MFA is the second factor "to sign in your users who have passwords
 *   as their primary authentication factor" (same MFA page); a one-time code or a passkey ends the sign-in.
 * - A new code: the sign-in API has no call that resends a sign-in code (ResendConfirmationCode is for sign-up);
 *   a client asks for a new one by starting again with InitiateAuth USER_AUTH, each of which sends a fresh
 *   code with a fresh Session. A wrong code is CodeMismatchException and leaves the Session usable; a code past
 *   its lifetime is ExpiredCodeException (point 6).
 * - WEB_AUTHN: the challenge's CREDENTIAL_REQUEST_OPTIONS is the PublicKeyCredentialRequestOptionsJSON for
 *   navigator.credentials.get (rpId = the pool's relying party, allowCredentials = the user's passkeys). The
 *   answer's CREDENTIAL is the AuthenticationResponseJSON of the browser's PublicKeyCredential
 *   (ChallengeResponseType, above), verified as W3C WebAuthn §7.2 says (webauthn-assertion.ts) against the
 *   challenge this session issued and the passkey's stored public key. A valid one ends the sign-in with tokens
 *   and no MFA (a passkey is possession plus the authenticator's user verification); anything else is
 *   NotAuthorizedException, Cognito's answer to a credential it cannot verify, and leaves the session usable.
 *   A CREDENTIAL sent with SELECT_CHALLENGE (before any challenge was issued) cannot match one and is refused.
 */
export type FirstFactorChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** The state behind a USER_AUTH session the front keeps (kind 'first-factor' in user-pool-front.ts). */
export interface FirstFactorStep {
  challengeName: 'SELECT_CHALLENGE' | 'WEB_AUTHN';
  available: FirstFactorChallenge[];
  /** The base64url challenge of the WEB_AUTHN request options, which the assertion must sign. */
  webAuthnChallenge?: string;
}

interface ClientLike {
  poolId: string;
  explicitAuthFlows?: string[];
}

/** What the front lends the flow: its sessions, users, SRP, password sign-in, codes and MFA state. */
export interface UserAuthDeps {
  allowsUserAuth(client: ClientLike): boolean;
  knownUser(client: ClientLike, name: unknown): Promise<JsonObject>;
  checkSecretHash(clientId: string, client: ClientLike, given: unknown, usernames: (string | undefined)[]): void;
  newSession(poolId: string, clientId: string, username: string, step: FirstFactorStep): string;
  endSession(id: string): void;
  hasPassword(poolId: string, username: string): boolean;
  passwordSignIn(clientId: string, poolId: string, username: string, password: string): Promise<JsonObject>;
  startSrp(clientId: string, poolId: string, username: string, srpA: string): JsonObject;
  /** The SMS_OTP / EMAIL_OTP challenge with the masked destination, ending in the user's tokens (no MFA). */
  codeChallenge(poolId: string, clientId: string, username: string, challenge: 'SMS_OTP' | 'EMAIL_OTP'): Promise<JsonObject>;
  poolMfa(poolId: string): Promise<string>;
  userHasMfa(poolId: string, username: string): Promise<boolean>;
  userKey(poolId: string, username: string): string;
  /** The user's tokens once a passkey proved them (AuthenticationResult, no MFA). */
  passkeyTokens(poolId: string, clientId: string, username: string): Promise<JsonObject>;
}

export interface UserAuthFlow {
  initiate(clientId: string, client: ClientLike, params: Record<string, string | undefined>): Promise<JsonObject>;
  respond(
    sessionId: string,
    state: FirstFactorStep & { poolId: string; clientId: string; username: string },
    challengeName: unknown,
    responses: Record<string, string | undefined>,
  ): Promise<JsonObject>;
}

const PASSWORDLESS: FirstFactor[] = ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

export function createUserAuthFlow(deps: UserAuthDeps, policies: SignInPolicies, passkeys: WebAuthnCredentials): UserAuthFlow {
  async function available(poolId: string, user: JsonObject): Promise<FirstFactorChallenge[]> {
    const username = String(user.Username);
    let factors = policies.of(poolId);
    const poolMfa = await deps.poolMfa(poolId);
    if (poolMfa === 'ON' || (poolMfa !== 'OFF' && (await deps.userHasMfa(poolId, username)))) factors = factors.filter((f) => !PASSWORDLESS.includes(f));
    const out: FirstFactorChallenge[] = [];
    if (factors.includes('PASSWORD') && deps.hasPassword(poolId, username)) out.push('PASSWORD', 'PASSWORD_SRP');
    if (factors.includes('EMAIL_OTP') && attr(user.UserAttributes, 'email')) out.push('EMAIL_OTP');
    if (factors.includes('SMS_OTP') && attr(user.UserAttributes, 'phone_number')) out.push('SMS_OTP');
    if (factors.includes('WEB_AUTHN') && passkeys.of(deps.userKey(poolId, username)).length > 0) out.push('WEB_AUTHN');
    return out;
  }

  function webAuthnChallenge(poolId: string, clientId: string, username: string): JsonObject {
    const config = passkeys.configuration(poolId);
    const mine = passkeys.of(deps.userKey(poolId, username));
    const challenge = randomBytes(32).toString('base64url');
    const options = {
      challenge,
      timeout: 180000,
      rpId: passkeys.relyingParty(poolId),
      allowCredentials: mine.map((p) => ({ type: 'public-key', id: p.credentialId, transports: p.transports })),
      userVerification: config.UserVerification,
    };
    const session = deps.newSession(poolId, clientId, username, { challengeName: 'WEB_AUTHN', available: ['WEB_AUTHN'], webAuthnChallenge: challenge });
    return { ChallengeName: 'WEB_AUTHN', ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) }, Session: session };
  }

  /** Starts the chosen factor, from PREFERRED_CHALLENGE or a SELECT_CHALLENGE answer. */
  async function start(
    choice: FirstFactorChallenge,
    ctx: { poolId: string; clientId: string; username: string },
    params: Record<string, string | undefined>,
  ): Promise<JsonObject> {
    const { poolId, clientId, username } = ctx;
    switch (choice) {
      case 'PASSWORD':
        if (!params.PASSWORD) throw new AwsError('InvalidParameterException', 'Missing required parameter PASSWORD');
        return deps.passwordSignIn(clientId, poolId, username, params.PASSWORD);
      case 'PASSWORD_SRP':
        if (!params.SRP_A) throw new AwsError('InvalidParameterException', 'Missing required parameter SRP_A');
        return deps.startSrp(clientId, poolId, username, params.SRP_A);
      case 'EMAIL_OTP':
      case 'SMS_OTP':
        return deps.codeChallenge(poolId, clientId, username, choice);
      case 'WEB_AUTHN':
        if (params.CREDENTIAL) throw new AwsError('NotAuthorizedException', 'Incorrect username or password.');
        return webAuthnChallenge(poolId, clientId, username);
    }
  }

  return {
    async initiate(clientId, client, params) {
      if (!deps.allowsUserAuth(client)) throw new AwsError('InvalidParameterException', 'USER_AUTH flow not enabled for this client');
      const user = await deps.knownUser(client, params.USERNAME);
      const username = String(user.Username);
      deps.checkSecretHash(clientId, client, params.SECRET_HASH, [params.USERNAME, username]);
      const choices = await available(client.poolId, user);
      if (choices.length === 0) throw new AwsError('NotAuthorizedException', 'Incorrect username or password.');
      const preferred = params.PREFERRED_CHALLENGE as FirstFactorChallenge | undefined;
      const ctx = { poolId: client.poolId, clientId, username };
      if (preferred && choices.includes(preferred)) return start(preferred, ctx, params);
      const session = deps.newSession(client.poolId, clientId, username, { challengeName: 'SELECT_CHALLENGE', available: choices });
      return { ChallengeName: 'SELECT_CHALLENGE', ChallengeParameters: {}, AvailableChallenges: choices, Session: session };
    },

    async respond(sessionId, state, challengeName, responses) {
      if (challengeName !== state.challengeName)
        throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
      const ctx = { poolId: state.poolId, clientId: state.clientId, username: state.username };
      if (state.challengeName === 'WEB_AUTHN') {
        if (!responses.CREDENTIAL) throw new AwsError('InvalidParameterException', 'Missing required parameter CREDENTIAL');
        const config = passkeys.configuration(state.poolId);
        const context = { challenge: state.webAuthnChallenge ?? '', rpId: passkeys.relyingParty(state.poolId), userVerification: config.UserVerification };
        if (!passkeys.verify(deps.userKey(state.poolId, state.username), responses.CREDENTIAL, context))
          throw new AwsError('NotAuthorizedException', 'Incorrect username or password.');
        // One assertion, one sign-in: the session (and its challenge) ends with it.
        deps.endSession(sessionId);
        return deps.passkeyTokens(state.poolId, state.clientId, state.username);
      }
      const answer = responses.ANSWER as FirstFactorChallenge | undefined;
      if (!answer || !state.available.includes(answer))
        throw new AwsError('InvalidParameterException', `Invalid value for ANSWER: must be one of ${state.available.join(', ')}.`);
      deps.endSession(sessionId);
      return start(answer, ctx, responses);
    },
  };
}

function attr(attributes: unknown, name: string): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  return (attributes as { Name: string; Value?: string }[]).find((a) => a.Name === name)?.Value;
}
