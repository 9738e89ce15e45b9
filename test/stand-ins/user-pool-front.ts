import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { CallCounter } from './call-counter.js';
import { FaultPlan } from './fault-plan.js';
import {
  AwsError,
  closeServer,
  listenOnLoopback,
  loopbackUrl,
  operationOf,
  parseJsonBody,
  readBody,
  sendAwsError,
  sendJson,
  AWS_JSON_CONTENT_TYPE,
  type JsonObject,
} from './aws-json.js';
import { DEFAULT_PASSWORD_POLICY, passwordPolicyViolation, type PasswordPolicy } from './password-policy.js';
import { decodeJwtPayload, TokenLedger } from './token-ledger.js';
import { RefreshRotation } from './refresh-rotation.js';
import { DeviceTracking } from './device-tracking.js';
import { poolNameOf, secretHash, srpChallenge, srpSessionKey, srpVerifier, verifyPasswordClaim, type SrpChallenge } from './srp-server.js';
import { SignInPolicies } from './sign-in-policy.js';
import { createUserAuthFlow, type FirstFactorStep } from './user-auth-flow.js';
import { WebAuthnCredentials, type PasskeySeed, type StoredPasskey } from './webauthn-credentials.js';

/**
 * The user-pool endpoint clients talk to (`AWSCognitoIdentityProviderService`, AWS JSON 1.1). It forwards
 * every call to cognito-local unchanged, except where cognito-local is not faithful to AWS. Every departure
 * from plain forwarding, and why:
 *
 *  1. InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER: cognito-local has no SRP
 *     (HTTP 500 "Unsupported"). The front runs the server side of Cognito's SRP-6a (srp-server.ts) and really
 *     verifies PASSWORD_CLAIM_SIGNATURE; a wrong proof is NotAuthorizedException "Incorrect username or
 *     password.". On success it continues with cognito-local's USER_PASSWORD_AUTH using the password it
 *     knows, then treats the answer like any password sign-in (below).
 *  2. Passwords: SRP needs the password to build the verifier, so the front remembers, in memory only, every
 *     password it sees succeed: AdminCreateUser TemporaryPassword, AdminSetUserPassword, SignUp,
 *     USER_PASSWORD_AUTH sign-ins, NEW_PASSWORD_REQUIRED answers, ChangePassword, ConfirmForgotPassword.
 *  3. Wrong password: cognito-local answers InvalidPasswordException, AWS NotAuthorizedException
 *     "Incorrect username or password." — translated (InitiateAuth, AdminInitiateAuth, ChangePassword).
 *  4. Disabled users: cognito-local lets them sign in; AWS says NotAuthorizedException "User is disabled.".
 *  5. SECRET_HASH: cognito-local never checks it. The front checks it on InitiateAuth, RespondToAuthChallenge,
 *     SignUp, ConfirmSignUp, ForgotPassword and ConfirmForgotPassword for clients with a secret; with SRP the
 *     username in the hash is USER_ID_FOR_SRP (AWS semantics).
 *  6. Challenge sessions: cognito-local never checks them. The front issues its own opaque Session for every
 *     challenge, maps it to the state behind it, and answers an expired one with NotAuthorizedException
 *     "Invalid session for the user, session is expired." (AWS: 3 minutes; the `sessionTtlSeconds` option
 *     and backend.expireSessions() end them sooner for tests) and an unknown one with "Invalid session for
 *     the user.". Emulated SMS / e-mail codes expire too (ExpiredCodeException).
 *  7. MFA decisions: cognito-local has real TOTP but no EMAIL_OTP, SMS only through a hand-edited db, and
 *     AdminSetUserMFAPreference is unsupported. The front keeps SMS and e-mail factors itself (set through
 *     AdminSetUserMFAPreference or SetUserMFAPreference, whose TOTP part is forwarded) and decides the
 *     challenge after the password like AWS: the preferred factor, else SELECT_MFA_TYPE when several are
 *     enabled, else the only one. SMS_MFA and EMAIL_OTP are emulated (the code is the backend's fixed CODE;
 *     wrong → CodeMismatchException; CODE_DELIVERY_DESTINATION masked like AWS). SOFTWARE_TOKEN_MFA answers
 *     go to cognito-local, which checks the real TOTP code. When a TOTP user picks SMS or e-mail, or an
 *     administrator turned TOTP off with AdminSetUserMFAPreference (cognito-local has no admin way to), the
 *     factor the front checked is the one passed: cognito-local's pending TOTP step is left unanswered and
 *     the tokens come from point 17. A pool with MFA OFF asks for no factor, as on AWS.
 *  8. MFA "ON": cognito-local answers NotAuthorizedException for a user without a factor instead of
 *     MFA_SETUP. The front stores ON itself (cognito-local gets OPTIONAL; DescribeUserPool and
 *     GetUserPoolMfaConfig report ON), returns MFA_SETUP, serves AssociateSoftwareToken/VerifySoftwareToken
 *     with that Session (using the cognito-local access token it holds privately), and answers
 *     RespondToAuthChallenge MFA_SETUP with the tokens. VerifySoftwareToken's wrong code is AWS's
 *     EnableSoftwareTokenMFAException in the Session flow.
 *  9. AdminGetUser / GetUser: UserMFASettingList and PreferredMfaSetting include the factors of point 7.
 * 10. AdminInitiateAuth / AdminRespondToAuthChallenge are forwarded as they are (cognito-local's own
 *     sessions), except that a wrong password becomes NotAuthorizedException as in point 3.
 * 11. Tokens (token-ledger.ts): cognito-local never verifies access tokens, ignores a refresh token's
 *     expiry and has no GlobalSignOut. The front checks every access token it is given (signature, token_use,
 *     exp: "Access Token has expired", revocation: "Access Token has been revoked"), answers an expired or
 *     revoked refresh token like AWS ("Refresh Token has expired" / "has been revoked"), revokes the access
 *     tokens issued from a refresh token on RevokeToken, and implements GlobalSignOut and
 *     AdminUserGlobalSignOut.
 * 12. App client ExplicitAuthFlows: cognito-local ignores them. The front refuses USER_SRP_AUTH and
 *     USER_PASSWORD_AUTH on a client that does not allow them (InvalidParameterException), with AWS's default
 *     list (SRP, custom, refresh) when a client names none.
 * 13. Password policy (password-policy.ts): cognito-local stores it but never applies it. The front refuses
 *     a new password that breaks it (InvalidPasswordException "Password did not conform with policy: ...") on
 *     SignUp, AdminCreateUser, AdminSetUserPassword, ChangePassword, ConfirmForgotPassword and
 *     NEW_PASSWORD_REQUIRED.
 * 14. CodeDeliveryDetails(List).Destination is masked like AWS ("+*******1234", "j***@e***"); cognito-local
 *     shows it in full.
 * 15. Fault injection for tests (backend.inject): a chosen operation fails with an AWS error or answers late.
 * 16. Counting: every call is counted by operation, InitiateAuth also as "InitiateAuth:<AuthFlow>" and
 *     RespondToAuthChallenge as "RespondToAuthChallenge:<ChallengeName>". The front's own calls to
 *     cognito-local (point 17 and the others above) are not client calls and are not counted.
 * 17. Refresh tokens from challenges: cognito-local's RespondToAuthChallenge issues tokens but never stores
 *     the refresh token (its InitiateAuth and AdminInitiateAuth do), so REFRESH_TOKEN_AUTH and RevokeToken
 *     would fail with NotAuthorizedException for everyone who signed in through a challenge; on AWS they
 *     work. Every AuthenticationResult the front hands out therefore comes from a cognito-local call that
 *     stores its refresh token: when a challenge answered in cognito-local (SOFTWARE_TOKEN_MFA,
 *     NEW_PASSWORD_REQUIRED) or a TOTP user's step the front skips (point 7) ends in tokens, the front
 *     replaces them with cognito-local's AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH result for the same user
 *     and app client (the front knows the password, point 2; that flow asks for no MFA, runs
 *     PreTokenGeneration like any sign-in, and stores the refresh token). Tokens held from the password step
 *     (SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP) came from cognito-local's USER_PASSWORD_AUTH, which
 *     stores them too. The ledger (point 11) records what the client receives.
 * 18. Issuer: AWS signs every token of a pool with one of two issuers, whatever host the client called
 *     (API reference IssuerConfigurationType,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html;
 *     developer guide "Verifying JSON web tokens",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html):
 *     ORIGINAL `https://cognito-idp.<region>.amazonaws.com/<poolId>` or UPDATED
 *     `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>`, `<region>` being the pool's primary Region.
 *     The backend sets cognito-local's TokenConfig.IssuerDomain to one of those (cognito-local-process.ts) and
 *     gives pools AWS-shaped ids (`<region>_XXXXXXXX`); the front serves the pool's keys below its own URL
 *     (`<front>/<poolId>/.well-known/jwks.json`, forwarded to cognito-local, whose keys sign the tokens), as a
 *     FIPS, PrivateLink or proxy endpoint would. GETs of the keys are counted as "GET jwks" and
 *     "GET jwks from <Host header>".
 * 19. ForgotPassword for a user with neither an e-mail address nor a phone number: cognito-local answers HTTP
 *     500 "Unsupported ... ForgotPassword without email on user"; AWS answers InvalidParameterException
 *     "Cannot reset password for the user as there is no registered/verified email or phone_number". The
 *     front answers like AWS, after the SECRET_HASH check (as AWS, a wrong or missing SECRET_HASH is
 *     refused first). Not emulated: AWS also refuses an address that is not verified, but the seeded pools
 *     have no AutoVerifiedAttributes, so users who signed up here never get email_verified and tests reset
 *     their passwords; and a user whose only contact is a phone number still meets cognito-local's
 *     "Unsupported" (it sends reset codes by e-mail only).
 * 20. Refresh-token rotation (refresh-rotation.ts): cognito-local has neither the app client's
 *     RefreshTokenRotation nor GetTokensFromRefreshToken. The front keeps the setting per app client
 *     (Create/Update/DescribeUserPoolClient), answers GetTokensFromRefreshToken for every client (a new refresh
 *     token only when rotation is on; the old one valid for RetryGracePeriodSeconds, then
 *     RefreshTokenReuseException; ClientSecret checked for clients with a secret) and refuses
 *     REFRESH_TOKEN_AUTH on a rotating client, as the developer guide "Refresh tokens" says
 *     (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html).
 *     Rotated tokens are minted by the front and mapped to cognito-local's refresh token of the sign-in;
 *     RevokeToken of any of them ends the sign-in.
 * 21. Choice-based sign-in, InitiateAuth `AuthFlow: USER_AUTH` (user-auth-flow.ts): cognito-local does not know
 *     it. The front refuses it on an app client without ALLOW_USER_AUTH (InvalidParameterException "USER_AUTH flow
 *     not enabled for this client", as point 12; the flow has no legacy spelling) and checks SECRET_HASH as in
 *     point 5. It answers PREFERRED_CHALLENGE (PASSWORD with PASSWORD, PASSWORD_SRP with SRP_A, EMAIL_OTP,
 *     SMS_OTP, WEB_AUTHN) when the user can use it, else SELECT_CHALLENGE with the top-level AvailableChallenges
 *     (API reference InitiateAuth,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html; developer
 *     guide "Authentication flows",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html).
 * 22. First factors (sign-in-policy.ts): Policies.SignInPolicy.AllowedFirstAuthFactors of CreateUserPool and
 *     UpdateUserPool, kept by the front and reported by DescribeUserPool (API reference SignInPolicyType,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html);
 *     PASSWORD must be one; an UpdateUserPool without it goes back to PASSWORD only.
 * 23. SELECT_CHALLENGE and the factors (API reference ChallengeResponseType,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChallengeResponseType.html):
 *     ANSWER PASSWORD + PASSWORD and PASSWORD_SRP + SRP_A (→ PASSWORD_VERIFIER, point 1) continue as any
 *     password sign-in, MFA included (point 7); EMAIL_OTP and SMS_OTP send the backend's fixed code
 *     (CODE_DELIVERY_DESTINATION masked as in point 14), answered as EMAIL_OTP_CODE / SMS_OTP_CODE: wrong is
 *     CodeMismatchException with the Session still usable, late is ExpiredCodeException (point 6), right ends
 *     the sign-in with no MFA (MFA is for "users who have passwords as their primary authentication factor",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html). There is no call
 *     that resends a sign-in code: a new code comes from starting InitiateAuth USER_AUTH again. Offered to a
 *     user: PASSWORD and PASSWORD_SRP with a password, EMAIL_OTP with an email, SMS_OTP with a phone_number,
 *     WEB_AUTHN with a passkey, each only if the pool allows it; no passwordless factor where MFA is required or
 *     for a user with an MFA factor ("MFA and passwordless cannot be used together",
 *     https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/).
 * 24. Passwordless users ("Administrators can create users without passwords", developer guide "Things to know
 *     about authentication with user pools",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html): seeded
 *     with backend.createPasswordlessUser. cognito-local gets a password nobody knows (it issues tokens only to
 *     passwords, point 17); the front offers such a user no password factor until a password is set for them.
 * 25. Passkeys (webauthn-credentials.ts): seeded with backend.addPasskey (registration is a browser ceremony);
 *     ListWebAuthnCredentials (MaxResults, NextToken) and DeleteWebAuthnCredential (unknown id →
 *     ResourceNotFoundException) for the user of a checked access token (point 11) (API reference
 *     ListWebAuthnCredentials,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html).
 * 26. WebAuthnConfiguration {RelyingPartyId, UserVerification} of SetUserPoolMfaConfig, reported by
 *     GetUserPoolMfaConfig; the relying party is "typically your user pool domain" (API reference
 *     WebAuthnConfigurationType,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html),
 *     and each seeded passkey reports the one the pool named when it was added; a pool that names none uses
 *     its managed-login domain, here the stand-in `<id>.auth.<region>.amazoncognito.com` (no pool domains).
 * 27. WEB_AUTHN: the challenge's CREDENTIAL_REQUEST_OPTIONS (rpId, challenge, allowCredentials = the user's
 *     passkeys, userVerification); the CREDENTIAL is verified as W3C WebAuthn §7.2 says against a passkey
 *     seeded with its public key (webauthn-assertion.ts): valid → tokens, otherwise NotAuthorizedException.
 *     The new challenges are counted as point 16 says ("RespondToAuthChallenge:SELECT_CHALLENGE", ...).
 * 28. Remembered devices (device-tracking.ts, device-store.ts, device-operations.ts): cognito-local stores a
 *     pool's DeviceConfiguration (Create/Update/DescribeUserPool) and does nothing else with it. Any property of
 *     DeviceConfiguration turns device tracking on; none (DescribeUserPool reports null) leaves every sign-in as
 *     above (API reference DeviceConfigurationType,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html).
 *     backend.setDeviceConfiguration() changes it without resetting the pool's other settings.
 * 29. New device: on a tracked pool every sign-in that ends in tokens (SRP, password, after MFA, MFA_SETUP,
 *     NEW_PASSWORD_REQUIRED, USER_AUTH) without a tracked DEVICE_KEY gets AuthenticationResult.NewDeviceMetadata
 *     {DeviceKey `<region>_<uuid>`, DeviceGroupKey} (developer guide "Working with user devices in your user pool",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html:
 *     "Amazon Cognito includes a device key in the response to any sign-in that doesn't already include device
 *     information"), and its access token carries the `device_key` claim (developer guide "Understanding the
 *     access token", https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html);
 *     the front adds the claim and signs again with cognito-local's own key, the one its JWKS publishes.
 * 30. ConfirmDevice (AccessToken, DeviceKey, DeviceSecretVerifierConfig {PasswordVerifier, Salt}, DeviceName) begins
 *     tracking and answers UserConfirmationNecessary = DeviceOnlyRememberedOnUserPrompt; the device is remembered
 *     at once, or not_remembered until UpdateDeviceStatus (API reference ConfirmDevice,
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html).
 *     UpdateDeviceStatus, GetDevice, ListDevices (Limit, PaginationToken), ForgetDevice and the Admin forms
 *     (AdminUpdateDeviceStatus, AdminGetDevice, AdminListDevices, AdminForgetDevice) serve tracked devices;
 *     another user's, an unconfirmed, forgotten or unknown key is ResourceNotFoundException "Device does not
 *     exist.". Access tokens are checked as in point 11.
 * 31. A tracked device signs in with DEVICE_SRP_AUTH once every other challenge is passed (developer guide,
 *     "Signing in with a device",
 *     https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html#user-pools-remembered-devices-signing-in-with-a-device;
 *     AWS's clients meet it after PASSWORD_VERIFIER, USER_PASSWORD_AUTH and an MFA answer: identity-js
 *     authenticateUserInternal / sendMFACode, Amplify v6 handleDeviceSRPAuth). Wire shapes as the API reference
 *     RespondToAuthChallenge gives them (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html):
 *     DEVICE_SRP_AUTH {USERNAME, DEVICE_KEY, SRP_A} → DEVICE_PASSWORD_VERIFIER {SRP_B, SALT, SECRET_BLOCK,
 *     USERNAME} → {USERNAME, DEVICE_KEY, PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, TIMESTAMP} →
 *     the tokens the sign-in earned. The proof is the SRP of point 1 with the device group key as the pool name,
 *     the device key as the user and the verifier ConfirmDevice stored (identity-js CognitoUser.getDeviceResponse);
 *     a wrong one is NotAuthorizedException "Incorrect username or password." (AWS documents no text).
 *     The key comes in InitiateAuth's AuthParameters or any challenge's ChallengeResponses (a later one wins).
 * 32. MFA: a remembered device stands in for SMS and TOTP factors when the pool's ChallengeRequiredOnNewDevice is
 *     true ("When true, a remembered device can sign in with device authentication instead of SMS and time-based
 *     one-time password (TOTP) factors"; "users who sign in with devices that have not been confirmed or
 *     remembered must still provide a second factor", DeviceConfigurationType, point 28): the sign-in goes from
 *     the password to DEVICE_SRP_AUTH. A not_remembered device, an e-mail factor, MFA_SETUP, or
 *     ChallengeRequiredOnNewDevice false still meet their challenge first.
 * 33. An unknown, unconfirmed or forgotten DEVICE_KEY where the password is proven (USER_PASSWORD_AUTH,
 *     PASSWORD_VERIFIER) is ResourceNotFoundException "Device does not exist.", before the challenge session is
 *     used: AWS's clients drop the key and send the same answer again (identity-js authenticateUserDefaultAuth,
 *     Amplify v6 retryOnResourceNotFoundException). Elsewhere (USER_AUTH first factors) such a key makes a new device.
 * 34. Refresh on a tracked pool: REFRESH_TOKEN_AUTH needs AuthParameters.DEVICE_KEY, GetTokensFromRefreshToken
 *     DeviceKey, naming the sign-in's device, and that device must be confirmed; otherwise NotAuthorizedException
 *     "Invalid Refresh Token" (AWS Knowledge Center "Invalid Refresh Token error",
 *     https://repost.aws/knowledge-center/cognito-invalid-refresh-token-error: a device not confirmed, or no
 *     DEVICE_KEY in REFRESH_TOKEN_AUTH; API reference GetTokensFromRefreshToken, "You must provide the confirmed
 *     device key in this request if device remembering is enabled",
 *     https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html). The new access token carries `device_key`. Not emulated:
 *     that page's claim that USER_PASSWORD_AUTH sign-ins on a tracked pool cannot refresh at all, and device
 *     tracking on AdminInitiateAuth (forwarded as point 10 says). The new operations and challenges are counted
 *     as point 16 says ("ConfirmDevice", "RespondToAuthChallenge:DEVICE_SRP_AUTH", ...).
 */
export interface UserPoolFrontOptions {
  cognitoLocalEndpoint: string;
  /** A server already listening on loopback for the front to serve on; a new server on a free port when omitted. */
  server?: Server;
  /** The fixed code cognito-local sends; the front's emulated SMS/e-mail challenges use it too. */
  code: string;
  /** Lifetime of challenge sessions (AWS: 180 s). */
  sessionTtlSeconds?: number;
  /** Lifetime of an emulated SMS / e-mail code, after which the right code is ExpiredCodeException. */
  codeTtlSeconds?: number;
  /** The base of the tokens' issuer (`iss` = `<issuerDomain>/<poolId>`), cognito-local's TokenConfig.IssuerDomain. */
  issuerDomain: string;
}

export type MfaFactor = 'SMS_MFA' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA';

export interface UserPoolFront {
  endpoint: string;
  counts: CallCounter;
  faults: FaultPlan;
  setSessionTtl(seconds: number): void;
  setCodeTtl(seconds: number): void;
  /** Ends every open challenge session now (the next answer meets AWS's "session is expired"). */
  expireSessions(): void;
  /** Ends every emulated SMS / e-mail code now, leaving the sessions open (→ ExpiredCodeException). */
  expireCodes(): void;
  /** The factors the front applies for a user (TOTP as cognito-local reports it). */
  mfaFactors(userPoolId: string, username: string): Promise<{ enabled: MfaFactor[]; preferred?: MfaFactor }>;
  /** Seeds a user who has no password and signs in with codes or passkeys only (point 24). */
  createPasswordlessUser(userPoolId: string, username: string, attributes?: { Name: string; Value: string }[]): Promise<void>;
  /** Seeds a registered passkey for a user (registration is a browser ceremony, point 25). */
  addPasskey(userPoolId: string, username: string, seed?: PasskeySeed): Promise<StoredPasskey>;
  stop(): Promise<void>;
}

interface ClientInfo {
  poolId: string;
  secret?: string;
  preventUserExistenceErrors: boolean;
  explicitAuthFlows?: string[];
}

/**
 * Whether an app client allows a sign-in flow, as AWS decides it: no ExplicitAuthFlows means AWS's default
 * (SRP, custom, refresh); a list with ALLOW_* entries allows what it names; a legacy list (no ALLOW_*)
 * always allows SRP and names the others without the prefix.
 */
export function clientAllowsFlow(explicitAuthFlows: string[] | undefined, flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH'): boolean {
  if (!explicitAuthFlows || explicitAuthFlows.length === 0) return flow === 'USER_SRP_AUTH';
  if (explicitAuthFlows.some((f) => f.startsWith('ALLOW_'))) return explicitAuthFlows.includes(`ALLOW_${flow}`);
  // USER_AUTH has only the ALLOW_ spelling (point 21).
  return flow === 'USER_SRP_AUTH' || (flow !== 'USER_AUTH' && explicitAuthFlows.includes(flow));
}

interface Tokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  [key: string]: unknown;
}

/**
 * What the front still owes the client once a factor is proven: tokens it holds, cognito-local's TOTP step, or
 * (after a passwordless first factor, which asks for no MFA) fresh stored tokens.
 */
type Pending = { kind: 'tokens'; result: Tokens } | { kind: 'local-totp'; innerSession: string } | { kind: 'stored' };

type SessionState = {
  poolId: string;
  clientId: string;
  username: string;
  expiresAt: number;
} & (
  | { kind: 'srp'; srp: SrpChallenge; secretBlock: string; srpA: string }
  | { kind: 'forward'; challengeName: string; innerSession: string }
  | { kind: 'code'; challengeName: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP'; pending: Pending; codeExpiresAt: number }
  | { kind: 'select'; choices: MfaFactor[]; pending: Pending }
  | { kind: 'mfa-setup'; tokens: Tokens; verified: boolean }
  | ({ kind: 'first-factor' } & FirstFactorStep)
);

/** A session's state before the front stamps its expiry (Omit that keeps the union apart). */
type NewSessionState = SessionState extends infer S ? (S extends unknown ? Omit<S, 'expiresAt'> : never) : never;

interface FrontFactors {
  /** TOTP turned off by AdminSetUserMFAPreference, which cognito-local cannot do itself. */
  totpOff?: boolean;
  sms?: boolean;
  email?: boolean;
  preferred?: MfaFactor;
}

const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
const WRONG_PASSWORD = 'Incorrect username or password.';

export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  const last = digits.slice(-4);
  return `${phone.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 4))}${last}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

interface CodeDelivery {
  DeliveryMedium?: string;
  Destination?: string;
}

function maskDelivery(details: CodeDelivery): CodeDelivery {
  if (typeof details.Destination !== 'string') return details;
  return { ...details, Destination: details.DeliveryMedium === 'EMAIL' ? maskEmail(details.Destination) : maskPhone(details.Destination) };
}

/** AWS masks where a code went (SignUp, ForgotPassword, ResendConfirmationCode, ...); cognito-local does not. */
function maskDeliveries(answer: JsonObject): JsonObject {
  const out = { ...answer };
  if (out.CodeDeliveryDetails && typeof out.CodeDeliveryDetails === 'object') out.CodeDeliveryDetails = maskDelivery(out.CodeDeliveryDetails as CodeDelivery);
  if (Array.isArray(out.CodeDeliveryDetailsList)) out.CodeDeliveryDetailsList = (out.CodeDeliveryDetailsList as CodeDelivery[]).map(maskDelivery);
  return out;
}

/** Whether the user has an e-mail address or phone number a reset code could go to (see point 19). */
function hasContact(attributes: unknown): boolean {
  return Boolean(attr(attributes, 'email')) || Boolean(attr(attributes, 'phone_number'));
}

function attr(attributes: unknown, name: string): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  const found = (attributes as { Name: string; Value?: string }[]).find((a) => a.Name === name);
  return found?.Value;
}

export async function startUserPoolFront(options: UserPoolFrontOptions): Promise<UserPoolFront> {
  const local = options.cognitoLocalEndpoint;
  let sessionTtl = options.sessionTtlSeconds ?? 180;
  let codeTtl = options.codeTtlSeconds ?? 180;
  const counts = new CallCounter();
  const faults = new FaultPlan();
  const passwords = new Map<string, string>();
  const factors = new Map<string, FrontFactors>();
  const clients = new Map<string, ClientInfo>();
  const mfaOn = new Set<string>();
  const sessions = new Map<string, SessionState>();
  const server: Server = options.server ?? createServer();
  const endpoint = server.listening ? loopbackUrl(server) : await listenOnLoopback(server);
  // Tokens name AWS's issuer (cognito-local's IssuerDomain, point 18); their keys come from cognito-local.
  const ledger = new TokenLedger(options.issuerDomain, local);
  const verifiers = new Map<string, { password: string; saltHex: string; verifier: bigint }>();

  const userKey = (poolId: string, username: string) => `${poolId}/${username}`;
  const rotation = new RefreshRotation({ callLocal: (op, body) => callLocal(op, body), clientInfo: (id) => clientInfo(id), ledger, userKey });
  // Remembered devices (points 28-34) wrap the sign-in operations and serve the device operations.
  const devices = new DeviceTracking({
    callLocal: (op, body) => callLocal(op, body),
    clientInfo: (id) => clientInfo(id),
    checkSecretHash: (clientId, client, given, names) => checkSecretHash(clientId, client as ClientInfo, given, names),
    getUser: (poolId, username) => getUser(poolId, username),
    sessionTtlSeconds: () => sessionTtl,
  });
  // Choice-based sign-in and passkeys (points 21-27) borrow the front's sessions, SRP, codes and tokens.
  const signInPolicies = new SignInPolicies();
  const passkeys = new WebAuthnCredentials();
  const passwordless = new Set<string>();
  const userAuth = createUserAuthFlow(
    {
      allowsUserAuth: (client) => clientAllowsFlow(client.explicitAuthFlows, 'USER_AUTH'),
      knownUser: (client, name) => knownUser(client as ClientInfo, name),
      checkSecretHash: (clientId, client, given, names) => checkSecretHash(clientId, client as ClientInfo, given, names),
      newSession: (poolId, clientId, username, step) => newSession({ kind: 'first-factor', poolId, clientId, username, ...step }),
      endSession: (id) => sessions.delete(id),
      hasPassword: (poolId, username) => passwords.has(userKey(poolId, username)) && !passwordless.has(userKey(poolId, username)),
      passwordSignIn: (clientId, poolId, username, password) => passwordSignIn(clientId, poolId, username, password),
      startSrp: (clientId, poolId, username, srpA) => startSrp(clientId, poolId, username, srpA),
      codeChallenge: (poolId, clientId, username, challenge) => codeChallenge(poolId, clientId, username, challenge, { kind: 'stored' }),
      poolMfa: (poolId) => poolMfa(poolId),
      userHasMfa: async (poolId, username) => (await userFactors(poolId, username)).enabled.length > 0,
      userKey,
      passkeyTokens: (poolId, clientId, username) => complete({ poolId, clientId, username, pending: { kind: 'stored' } }),
    },
    signInPolicies,
    passkeys,
  );

  async function callLocal(op: string, body: JsonObject): Promise<JsonObject> {
    const res = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': AWS_JSON_CONTENT_TYPE, 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as JsonObject) : {};
    if (!res.ok) {
      const type = String(parsed.__type ?? 'InternalErrorException').replace(/^CognitoLocal#/, '');
      throw new AwsError(type, String(parsed.message ?? `cognito-local answered ${res.status}`), res.status);
    }
    return parsed;
  }

  async function allPoolIds(): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: unknown;
    do {
      const page = await callLocal('ListUserPools', { MaxResults: 60, NextToken: nextToken });
      ids.push(...((page.UserPools as { Id: string }[] | undefined) ?? []).map((p) => p.Id));
      nextToken = page.NextToken;
    } while (nextToken);
    return ids;
  }

  async function rememberClient(poolId: string, clientId: string): Promise<ClientInfo> {
    const described = (await callLocal('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId })).UserPoolClient as JsonObject;
    const info: ClientInfo = {
      poolId,
      secret: typeof described.ClientSecret === 'string' ? described.ClientSecret : undefined,
      preventUserExistenceErrors: described.PreventUserExistenceErrors === 'ENABLED',
      explicitAuthFlows: described.ExplicitAuthFlows as string[] | undefined,
    };
    clients.set(clientId, info);
    return info;
  }

  async function clientInfo(clientId: unknown): Promise<ClientInfo> {
    if (typeof clientId !== 'string' || clientId === '')
      throw new AwsError(
        'InvalidParameterException',
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
      );
    const cached = clients.get(clientId);
    if (cached) return cached;
    for (const poolId of await allPoolIds()) {
      let nextToken: unknown;
      do {
        const page = await callLocal('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60, NextToken: nextToken });
        if (((page.UserPoolClients as { ClientId: string }[] | undefined) ?? []).some((c) => c.ClientId === clientId)) return rememberClient(poolId, clientId);
        nextToken = page.NextToken;
      } while (nextToken);
    }
    throw new AwsError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  }

  function checkSecretHash(clientId: string, client: ClientInfo, given: unknown, usernames: (string | undefined)[]): void {
    if (!client.secret) return;
    if (typeof given !== 'string' || given === '')
      throw new AwsError('NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    const ok = usernames.some((u) => u !== undefined && secretHash(client.secret!, u, clientId) === given);
    if (!ok) throw new AwsError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);
  }

  async function getUser(poolId: string, username: string): Promise<JsonObject | undefined> {
    try {
      return await callLocal('AdminGetUser', { UserPoolId: poolId, Username: username });
    } catch (error) {
      if (error instanceof AwsError && error.type === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  function newSession(state: NewSessionState): string {
    // Long runs (the benchmark, the demo) open many sessions: drop the expired ones now and then.
    if (sessions.size > 500) for (const [key, old] of sessions) if (Date.now() > old.expiresAt) sessions.delete(key);
    const id = randomBytes(96).toString('base64');
    sessions.set(id, { ...state, expiresAt: Date.now() + sessionTtl * 1000 } as SessionState);
    return id;
  }

  function takeSession(id: unknown, clientId: string): SessionState {
    if (typeof id !== 'string' || id === '') throw new AwsError('InvalidParameterException', 'Missing required parameter Session');
    const state = sessions.get(id);
    if (!state || state.clientId !== clientId) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (Date.now() > state.expiresAt) {
      sessions.delete(id);
      throw new AwsError('NotAuthorizedException', SESSION_EXPIRED);
    }
    return state;
  }

  function translatePasswordError(error: unknown): never {
    if (
      error instanceof AwsError &&
      (error.type === 'InvalidPasswordException' || (error.type === 'NotAuthorizedException' && error.message === 'User not authorized'))
    ) {
      throw new AwsError('NotAuthorizedException', WRONG_PASSWORD);
    }
    throw error;
  }

  async function poolMfa(poolId: string): Promise<string> {
    if (mfaOn.has(poolId)) return 'ON';
    return String(((await callLocal('DescribeUserPool', { UserPoolId: poolId })).UserPool as JsonObject).MfaConfiguration ?? 'OFF');
  }

  async function userFactors(poolId: string, username: string): Promise<{ enabled: MfaFactor[]; preferred?: MfaFactor }> {
    const user = await getUser(poolId, username);
    const own = factors.get(userKey(poolId, username)) ?? {};
    const enabled: MfaFactor[] = [];
    if (own.sms) enabled.push('SMS_MFA');
    if (!own.totpOff && ((user?.UserMFASettingList as string[] | undefined) ?? []).includes('SOFTWARE_TOKEN_MFA')) enabled.push('SOFTWARE_TOKEN_MFA');
    if (own.email) enabled.push('EMAIL_OTP');
    const localPreferred = user?.PreferredMfaSetting === 'SOFTWARE_TOKEN_MFA' ? 'SOFTWARE_TOKEN_MFA' : undefined;
    const preferred = own.preferred ?? localPreferred;
    return { enabled, preferred: preferred && enabled.includes(preferred) ? preferred : undefined };
  }

  async function codeChallenge(
    poolId: string,
    clientId: string,
    username: string,
    challengeName: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP',
    pending: Pending,
  ): Promise<JsonObject> {
    const user = await getUser(poolId, username);
    const sms = challengeName !== 'EMAIL_OTP';
    const destination = sms ? maskPhone(attr(user?.UserAttributes, 'phone_number') ?? '') : maskEmail(attr(user?.UserAttributes, 'email') ?? '');
    const session = newSession({ kind: 'code', poolId, clientId, username, challengeName, pending, codeExpiresAt: Date.now() + codeTtl * 1000 });
    return {
      ChallengeName: challengeName,
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: sms ? 'SMS' : 'EMAIL',
        CODE_DELIVERY_DESTINATION: destination,
        USER_ID_FOR_SRP: username,
      },
      Session: session,
    };
  }

  function forwardChallenge(poolId: string, clientId: string, username: string, answer: JsonObject): JsonObject {
    const challengeName = String(answer.ChallengeName);
    const session = newSession({ kind: 'forward', poolId, clientId, username, challengeName, innerSession: String(answer.Session ?? '') });
    return { ...answer, Session: session };
  }

  /** Everything after a proven password: cognito-local's answer, then AWS's MFA decision. */
  async function afterPassword(poolId: string, clientId: string, username: string, answer: JsonObject): Promise<JsonObject> {
    let pending: Pending;
    if (answer.AuthenticationResult) {
      pending = { kind: 'tokens', result: answer.AuthenticationResult as Tokens };
    } else if (answer.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
      pending = { kind: 'local-totp', innerSession: String(answer.Session ?? '') };
    } else {
      return forwardChallenge(poolId, clientId, username, answer);
    }
    // AWS asks for no factor at all when the pool's MFA is OFF.
    const poolMfa = mfaOn.has(poolId)
      ? 'ON'
      : String(((await callLocal('DescribeUserPool', { UserPoolId: poolId })).UserPool as JsonObject).MfaConfiguration ?? 'OFF');
    const { enabled, preferred } = poolMfa === 'OFF' ? { enabled: [] as MfaFactor[], preferred: undefined } : await userFactors(poolId, username);
    if (enabled.length === 0) {
      if (poolMfa === 'ON') {
        const tokens = pending.kind === 'tokens' ? pending.result : ((await complete({ poolId, clientId, username, pending })).AuthenticationResult as Tokens);
        const session = newSession({ kind: 'mfa-setup', poolId, clientId, username, tokens, verified: false });
        return { ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: username }, Session: session };
      }
      return complete({ poolId, clientId, username, pending });
    }
    const chosen = preferred ?? (enabled.length === 1 ? enabled[0] : undefined);
    if (await devices.suppressesMfa(poolId, username, chosen ? [chosen] : enabled)) return complete({ poolId, clientId, username, pending });
    if (!chosen) {
      const session = newSession({ kind: 'select', poolId, clientId, username, choices: enabled, pending });
      return {
        ChallengeName: 'SELECT_MFA_TYPE',
        ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(enabled), USER_ID_FOR_SRP: username },
        Session: session,
      };
    }
    return issueFactor(poolId, clientId, username, chosen, pending);
  }

  async function issueFactor(poolId: string, clientId: string, username: string, factor: MfaFactor, pending: Pending): Promise<JsonObject> {
    if (factor === 'SOFTWARE_TOKEN_MFA') {
      if (pending.kind !== 'local-totp') throw new AwsError('InternalErrorException', 'test backend: TOTP chosen but cognito-local did not ask for it');
      const session = newSession({ kind: 'forward', poolId, clientId, username, challengeName: 'SOFTWARE_TOKEN_MFA', innerSession: pending.innerSession });
      return { ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: { USER_ID_FOR_SRP: username }, Session: session };
    }
    return codeChallenge(poolId, clientId, username, factor, pending);
  }

  /** Hands out what a proven factor earned: the tokens held from the password step, or fresh stored ones. */
  async function complete(state: { poolId: string; clientId: string; username: string; pending: Pending }): Promise<JsonObject> {
    if (state.pending.kind === 'tokens') return { ChallengeParameters: {}, AuthenticationResult: state.pending.result };
    return { ChallengeParameters: {}, AuthenticationResult: await storedTokens(state.poolId, state.clientId, state.username) };
  }

  /**
   * Tokens for a user who has passed every challenge, whose refresh token cognito-local has stored (point 17):
   * cognito-local's AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH asks for no MFA and stores it.
   */
  async function storedTokens(poolId: string, clientId: string, username: string): Promise<Tokens> {
    const password = passwords.get(userKey(poolId, username));
    if (password === undefined)
      throw new AwsError(
        'InternalErrorException',
        "test backend: the front never saw this user's password, so it cannot issue tokens cognito-local will refresh",
      );
    const answer = await callLocal('AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    const result = answer.AuthenticationResult as Tokens | undefined;
    if (!result?.RefreshToken) throw new AwsError('InternalErrorException', 'test backend: cognito-local issued no refresh token from AdminInitiateAuth');
    return result;
  }

  async function passwordSignIn(clientId: string, poolId: string, username: string, password: string): Promise<JsonObject> {
    let answer: JsonObject;
    try {
      answer = await callLocal('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
    } catch (error) {
      translatePasswordError(error);
    }
    passwords.set(userKey(poolId, username), password);
    return afterPassword(poolId, clientId, username, answer);
  }

  async function knownUser(client: ClientInfo, name: unknown): Promise<JsonObject> {
    if (typeof name !== 'string' || name === '') throw new AwsError('InvalidParameterException', 'Missing required parameter USERNAME');
    const user = await getUser(client.poolId, name);
    if (!user) {
      if (client.preventUserExistenceErrors) throw new AwsError('NotAuthorizedException', WRONG_PASSWORD);
      throw new AwsError('UserNotFoundException', 'User does not exist.');
    }
    if (user.Enabled === false) throw new AwsError('NotAuthorizedException', 'User is disabled.');
    return user;
  }

  /** The PASSWORD_VERIFIER challenge for an SRP_A (USER_SRP_AUTH, and USER_AUTH's PASSWORD_SRP). */
  function startSrp(clientId: string, poolId: string, userId: string, srpA: string): JsonObject {
    const password = passwords.get(userKey(poolId, userId));
    if (password === undefined) {
      throw new AwsError('InternalErrorException', "test backend: the front never saw this user's password (set it through the front)");
    }
    // Like Cognito, keep one salt and verifier per user (until the password changes).
    const key = userKey(poolId, userId);
    let stored = verifiers.get(key);
    if (!stored || stored.password !== password) {
      const saltHex = randomBytes(16).toString('hex');
      stored = { password, saltHex, verifier: srpVerifier(poolNameOf(poolId), userId, password, saltHex) };
      verifiers.set(key, stored);
    }
    const srp = srpChallenge(stored.verifier, stored.saltHex);
    const secretBlock = randomBytes(512).toString('base64');
    const session = newSession({ kind: 'srp', poolId, clientId, username: userId, srp, secretBlock, srpA });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: stored.saltHex, SECRET_BLOCK: secretBlock, SRP_B: srp.srpB, USERNAME: userId, USER_ID_FOR_SRP: userId },
      Session: session,
    };
  }

  async function initiateAuth(body: JsonObject): Promise<JsonObject> {
    const clientId = String(body.ClientId ?? '');
    const client = await clientInfo(body.ClientId);
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    const flow = body.AuthFlow;
    if (flow === 'USER_SRP_AUTH') {
      if (!clientAllowsFlow(client.explicitAuthFlows, 'USER_SRP_AUTH'))
        throw new AwsError('InvalidParameterException', 'USER_SRP_AUTH is not enabled for the client.');
      const user = await knownUser(client, params.USERNAME);
      const userId = String(user.Username);
      checkSecretHash(clientId, client, params.SECRET_HASH, [params.USERNAME, userId]);
      if (!params.SRP_A) throw new AwsError('InvalidParameterException', 'Missing required parameter SRP_A');
      return startSrp(clientId, client.poolId, userId, params.SRP_A);
    }
    if (flow === 'USER_AUTH') return userAuth.initiate(clientId, client, params);
    if (flow === 'USER_PASSWORD_AUTH') {
      if (!clientAllowsFlow(client.explicitAuthFlows, 'USER_PASSWORD_AUTH'))
        throw new AwsError('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
      const user = await knownUser(client, params.USERNAME);
      checkSecretHash(clientId, client, params.SECRET_HASH, [params.USERNAME, String(user.Username)]);
      return passwordSignIn(clientId, client.poolId, String(user.Username), params.PASSWORD ?? '');
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      if (client.secret) {
        const decoded = decodeJwtPayload(params.REFRESH_TOKEN);
        checkSecretHash(clientId, client, params.SECRET_HASH, [
          params.USERNAME,
          decoded?.username as string | undefined,
          decoded?.sub as string | undefined,
          decoded?.['cognito:username'] as string | undefined,
        ]);
      }
      ledger.checkRefreshToken(params.REFRESH_TOKEN);
      return callLocal('InitiateAuth', rotation.refreshTokenAuth(clientId, body));
    }
    return callLocal('InitiateAuth', body);
  }

  async function respondToAuthChallenge(body: JsonObject): Promise<JsonObject> {
    const clientId = String(body.ClientId ?? '');
    const client = await clientInfo(body.ClientId);
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    const challengeName = body.ChallengeName;
    // PASSWORD_VERIFIER may come without the Session (older clients); its SECRET_BLOCK identifies it then.
    let sessionId = body.Session;
    if ((sessionId === undefined || sessionId === '') && challengeName === 'PASSWORD_VERIFIER') {
      sessionId = [...sessions].find(([, s]) => s.kind === 'srp' && s.secretBlock === responses.PASSWORD_CLAIM_SECRET_BLOCK)?.[0];
    }
    const state = takeSession(sessionId, clientId);
    // With SRP the hash must be over USER_ID_FOR_SRP (what the challenge returned), not the name typed.
    checkSecretHash(clientId, client, responses.SECRET_HASH, state.kind === 'srp' ? [state.username] : [responses.USERNAME, state.username]);
    if (responses.USERNAME !== undefined && responses.USERNAME !== state.username) {
      const user = await getUser(state.poolId, responses.USERNAME);
      if (!user || user.Username !== state.username) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    }

    if (state.kind === 'srp') {
      if (challengeName !== 'PASSWORD_VERIFIER')
        throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
      sessions.delete(String(sessionId));
      const { PASSWORD_CLAIM_SIGNATURE: signature, PASSWORD_CLAIM_SECRET_BLOCK: block, TIMESTAMP: timestamp } = responses;
      if (!signature || !block || !timestamp)
        throw new AwsError('InvalidParameterException', 'Missing required parameter PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK or TIMESTAMP');
      if (block !== state.secretBlock) throw new AwsError('NotAuthorizedException', WRONG_PASSWORD);
      const key = srpSessionKey(state.srp, state.srpA);
      if (!key || !verifyPasswordClaim(key, poolNameOf(state.poolId), state.username, block, timestamp, signature)) {
        throw new AwsError('NotAuthorizedException', WRONG_PASSWORD);
      }
      return passwordSignIn(clientId, state.poolId, state.username, passwords.get(userKey(state.poolId, state.username)) ?? '');
    }

    if (state.kind === 'forward') {
      if (challengeName !== state.challengeName)
        throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
      if (challengeName === 'NEW_PASSWORD_REQUIRED') await enforcePolicy(state.poolId, responses.NEW_PASSWORD);
      let answer = await callLocal('RespondToAuthChallenge', {
        ...body,
        Session: state.innerSession,
        ChallengeResponses: { ...responses, USERNAME: state.username },
      });
      sessions.delete(String(sessionId));
      if (challengeName === 'NEW_PASSWORD_REQUIRED' && responses.NEW_PASSWORD) passwords.set(userKey(state.poolId, state.username), responses.NEW_PASSWORD);
      if (answer.AuthenticationResult) answer = { ...answer, AuthenticationResult: await storedTokens(state.poolId, clientId, state.username) };
      if (challengeName === 'NEW_PASSWORD_REQUIRED' && answer.AuthenticationResult) return afterPassword(state.poolId, clientId, state.username, answer);
      if (answer.ChallengeName) return forwardChallenge(state.poolId, clientId, state.username, answer);
      return answer;
    }

    if (state.kind === 'first-factor') return userAuth.respond(String(sessionId), state, challengeName, responses);

    if (state.kind === 'select') {
      if (challengeName !== 'SELECT_MFA_TYPE')
        throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
      const answer = responses.ANSWER as MfaFactor;
      if (!state.choices.includes(answer))
        throw new AwsError('InvalidParameterException', `Invalid value for ANSWER: must be one of ${state.choices.join(', ')}.`);
      sessions.delete(String(sessionId));
      return issueFactor(state.poolId, clientId, state.username, answer, state.pending);
    }

    if (state.kind === 'code') {
      if (challengeName !== state.challengeName)
        throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
      const codeKey = state.challengeName === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : `${state.challengeName}_CODE`;
      const given = responses[codeKey] ?? (state.challengeName === 'EMAIL_OTP' ? responses.EMAIL_OTP : undefined);
      if (!given) throw new AwsError('InvalidParameterException', `Missing required parameter ${codeKey}`);
      if (given !== options.code) throw new AwsError('CodeMismatchException', 'Invalid code or auth state for the user.');
      if (Date.now() > state.codeExpiresAt) throw new AwsError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
      sessions.delete(String(sessionId));
      return complete(state);
    }

    if (challengeName !== 'MFA_SETUP') throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(challengeName)} for this session.`);
    if (!state.verified) throw new AwsError('NotAuthorizedException', 'Invalid session for the user: the software token has not been verified.');
    sessions.delete(String(sessionId));
    return { ChallengeParameters: {}, AuthenticationResult: state.tokens };
  }

  /** Refuses a new password that breaks the pool's policy, as AWS does before storing it. */
  async function enforcePolicy(poolId: string, password: unknown): Promise<void> {
    if (typeof password !== 'string') return;
    const pool = (await callLocal('DescribeUserPool', { UserPoolId: poolId })).UserPool as JsonObject | undefined;
    const policy = ((pool?.Policies as JsonObject | undefined)?.PasswordPolicy as PasswordPolicy | undefined) ?? DEFAULT_PASSWORD_POLICY;
    const violation = passwordPolicyViolation(password, policy);
    if (violation) throw new AwsError('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
  }

  async function learnPassword(poolId: string, username: string, password: unknown): Promise<void> {
    if (typeof password !== 'string') return;
    const user = await getUser(poolId, username);
    passwords.set(userKey(poolId, String(user?.Username ?? username)), password);
    passwordless.delete(userKey(poolId, String(user?.Username ?? username)));
  }

  function mfaSetupSession(body: JsonObject): [string, Extract<SessionState, { kind: 'mfa-setup' }>] {
    const id = body.Session;
    const state = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!state || state.kind !== 'mfa-setup') throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (Date.now() > state.expiresAt) throw new AwsError('NotAuthorizedException', SESSION_EXPIRED);
    return [id as string, state];
  }

  function reportMfa(user: JsonObject, f: { enabled: MfaFactor[]; preferred?: MfaFactor }): JsonObject {
    return { ...user, UserMFASettingList: f.enabled, ...(f.preferred ? { PreferredMfaSetting: f.preferred } : {}) };
  }

  function setFrontFactors(poolId: string, username: string, body: JsonObject, user: JsonObject | undefined): void {
    const key = userKey(poolId, username);
    const own = { ...(factors.get(key) ?? {}) };
    const sms = body.SMSMfaSettings as { Enabled?: boolean; PreferredMfa?: boolean } | undefined;
    const email = body.EmailMfaSettings as { Enabled?: boolean; PreferredMfa?: boolean } | undefined;
    const totp = body.SoftwareTokenMfaSettings as { Enabled?: boolean; PreferredMfa?: boolean } | undefined;
    if (sms) {
      if (sms.Enabled && !attr(user?.UserAttributes, 'phone_number'))
        throw new AwsError('InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA');
      own.sms = sms.Enabled === true;
      if (sms.PreferredMfa) own.preferred = 'SMS_MFA';
      else if (own.preferred === 'SMS_MFA') own.preferred = undefined;
    }
    if (email) {
      if (email.Enabled && !attr(user?.UserAttributes, 'email'))
        throw new AwsError('InvalidParameterException', 'User does not have delivery config set to turn on EMAIL_OTP');
      own.email = email.Enabled === true;
      if (email.PreferredMfa) own.preferred = 'EMAIL_OTP';
      else if (own.preferred === 'EMAIL_OTP') own.preferred = undefined;
    }
    if (totp?.Enabled !== undefined) own.totpOff = !totp.Enabled;
    if (totp?.PreferredMfa) own.preferred = 'SOFTWARE_TOKEN_MFA';
    else if (totp && own.preferred === 'SOFTWARE_TOKEN_MFA') own.preferred = undefined;
    factors.set(key, own);
  }

  async function accessTokenUser(token: unknown): Promise<{ poolId: string; username: string } | undefined> {
    const claims = decodeJwtPayload(token);
    if (!claims || typeof claims.client_id !== 'string') return undefined;
    const client = await clientInfo(claims.client_id);
    return { poolId: client.poolId, username: String(claims.username ?? claims.sub) };
  }

  /** The user an access token names (the front has checked the token already, point 11). */
  async function tokenUserKey(token: unknown): Promise<string> {
    const who = await accessTokenUser(token);
    if (!who) throw new AwsError('NotAuthorizedException', 'Invalid Access Token');
    const user = await getUser(who.poolId, who.username);
    return userKey(who.poolId, String(user?.Username ?? who.username));
  }

  const special: Record<string, (body: JsonObject) => Promise<JsonObject>> = {
    InitiateAuth: initiateAuth,
    RespondToAuthChallenge: respondToAuthChallenge,
    AdminInitiateAuth: async (body) => {
      try {
        return await callLocal('AdminInitiateAuth', body);
      } catch (error) {
        translatePasswordError(error);
      }
    },
    AdminCreateUser: async (body) => {
      await enforcePolicy(String(body.UserPoolId), body.TemporaryPassword);
      const answer = await callLocal('AdminCreateUser', body);
      const user = answer.User as JsonObject | undefined;
      if (typeof body.TemporaryPassword === 'string')
        passwords.set(userKey(String(body.UserPoolId), String(user?.Username ?? body.Username)), body.TemporaryPassword);
      return answer;
    },
    AdminSetUserPassword: async (body) => {
      await enforcePolicy(String(body.UserPoolId), body.Password);
      const answer = await callLocal('AdminSetUserPassword', body);
      await learnPassword(String(body.UserPoolId), String(body.Username), body.Password);
      return answer;
    },
    SignUp: async (body) => {
      const client = await clientInfo(body.ClientId);
      checkSecretHash(String(body.ClientId), client, body.SecretHash, [String(body.Username)]);
      await enforcePolicy(client.poolId, body.Password);
      const answer = await callLocal('SignUp', body);
      await learnPassword(client.poolId, String(body.Username), body.Password);
      return answer;
    },
    ConfirmSignUp: async (body) => {
      const client = await clientInfo(body.ClientId);
      checkSecretHash(String(body.ClientId), client, body.SecretHash, [String(body.Username)]);
      return callLocal('ConfirmSignUp', body);
    },
    ForgotPassword: async (body) => {
      const client = await clientInfo(body.ClientId);
      checkSecretHash(String(body.ClientId), client, body.SecretHash, [String(body.Username)]);
      const user = await getUser(client.poolId, String(body.Username));
      if (user && !hasContact(user.UserAttributes)) {
        throw new AwsError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
      }
      return callLocal('ForgotPassword', body);
    },
    ConfirmForgotPassword: async (body) => {
      const client = await clientInfo(body.ClientId);
      checkSecretHash(String(body.ClientId), client, body.SecretHash, [String(body.Username)]);
      await enforcePolicy(client.poolId, body.Password);
      const answer = await callLocal('ConfirmForgotPassword', body);
      await learnPassword(client.poolId, String(body.Username), body.Password);
      return answer;
    },
    ChangePassword: async (body) => {
      const owner = await accessTokenUser(body.AccessToken);
      if (owner) await enforcePolicy(owner.poolId, body.ProposedPassword);
      let answer: JsonObject;
      try {
        answer = await callLocal('ChangePassword', body);
      } catch (error) {
        translatePasswordError(error);
      }
      const who = await accessTokenUser(body.AccessToken);
      if (who) await learnPassword(who.poolId, who.username, body.ProposedPassword);
      return answer;
    },
    RevokeToken: async (body) => {
      const answer = await callLocal('RevokeToken', rotation.revokeRequest(body));
      if (typeof body.Token === 'string') ledger.revokeRefreshToken(body.Token);
      rotation.revoked(body.Token);
      return answer;
    },
    GetTokensFromRefreshToken: (body) => rotation.getTokens(body),
    ListWebAuthnCredentials: async (body) => passkeys.list(await tokenUserKey(body.AccessToken), body),
    DeleteWebAuthnCredential: async (body) => passkeys.delete(await tokenUserKey(body.AccessToken), body.CredentialId),
    DescribeUserPoolClient: async (body) => rotation.report(await callLocal('DescribeUserPoolClient', body)),
    GlobalSignOut: async (body) => {
      const who = await accessTokenUser(body.AccessToken);
      if (!who) throw new AwsError('NotAuthorizedException', 'Invalid Access Token');
      ledger.globalSignOut(userKey(who.poolId, who.username));
      return {};
    },
    AdminUserGlobalSignOut: async (body) => {
      const poolId = String(body.UserPoolId);
      const user = await getUser(poolId, String(body.Username));
      if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
      ledger.globalSignOut(userKey(poolId, String(user.Username)));
      return {};
    },
    CreateUserPoolClient: async (body) => {
      const rotating = RefreshRotation.parse(body.RefreshTokenRotation);
      const answer = await callLocal('CreateUserPoolClient', body);
      const client = answer.UserPoolClient as JsonObject;
      clients.set(String(client.ClientId), {
        poolId: String(client.UserPoolId),
        secret: typeof client.ClientSecret === 'string' ? client.ClientSecret : undefined,
        preventUserExistenceErrors: client.PreventUserExistenceErrors === 'ENABLED',
        explicitAuthFlows: client.ExplicitAuthFlows as string[] | undefined,
      });
      rotation.configure(String(client.ClientId), rotating);
      return rotation.report(answer);
    },
    UpdateUserPoolClient: async (body) => {
      const rotating = RefreshRotation.parse(body.RefreshTokenRotation);
      clients.delete(String(body.ClientId));
      const answer = await callLocal('UpdateUserPoolClient', body);
      rotation.configure(String(body.ClientId), rotating);
      return rotation.report(answer);
    },
    DeleteUserPoolClient: async (body) => {
      clients.delete(String(body.ClientId));
      rotation.forget(String(body.ClientId));
      return callLocal('DeleteUserPoolClient', body);
    },
    CreateUserPool: async (body) => {
      const on = body.MfaConfiguration === 'ON';
      const firstFactors = SignInPolicies.parse(body.Policies);
      const answer = await callLocal('CreateUserPool', on ? { ...body, MfaConfiguration: 'OPTIONAL' } : body);
      const pool = answer.UserPool as JsonObject;
      signInPolicies.set(String(pool.Id), firstFactors);
      signInPolicies.report(pool, String(pool.Id));
      if (on) {
        mfaOn.add(String(pool.Id));
        pool.MfaConfiguration = 'ON';
      }
      return answer;
    },
    SetUserPoolMfaConfig: async (body) => {
      const poolId = String(body.UserPoolId);
      const on = body.MfaConfiguration === 'ON';
      passkeys.configure(poolId, body.WebAuthnConfiguration);
      const answer = await callLocal('SetUserPoolMfaConfig', on ? { ...body, MfaConfiguration: 'OPTIONAL' } : body);
      if (on) mfaOn.add(poolId);
      else if (body.MfaConfiguration !== undefined) mfaOn.delete(poolId);
      const reported = { ...answer, WebAuthnConfiguration: passkeys.configuration(poolId) };
      return mfaOn.has(poolId) ? { ...reported, MfaConfiguration: 'ON' } : reported;
    },
    UpdateUserPool: async (body) => {
      const poolId = String(body.UserPoolId);
      const on = body.MfaConfiguration === 'ON';
      const firstFactors = SignInPolicies.parse(body.Policies);
      const answer = await callLocal('UpdateUserPool', on ? { ...body, MfaConfiguration: 'OPTIONAL' } : body);
      signInPolicies.set(poolId, firstFactors);
      if (on) mfaOn.add(poolId);
      else if (body.MfaConfiguration !== undefined) mfaOn.delete(poolId);
      return answer;
    },
    GetUserPoolMfaConfig: async (body) => {
      const answer = { ...(await callLocal('GetUserPoolMfaConfig', body)), WebAuthnConfiguration: passkeys.configuration(String(body.UserPoolId)) };
      return mfaOn.has(String(body.UserPoolId)) ? { ...answer, MfaConfiguration: 'ON' } : answer;
    },
    DescribeUserPool: async (body) => {
      const answer = await callLocal('DescribeUserPool', body);
      if (mfaOn.has(String(body.UserPoolId))) (answer.UserPool as JsonObject).MfaConfiguration = 'ON';
      signInPolicies.report(answer.UserPool as JsonObject | undefined, String(body.UserPoolId));
      return answer;
    },
    AssociateSoftwareToken: async (body) => {
      if (body.AccessToken === undefined && body.Session !== undefined) {
        const [id, state] = mfaSetupSession(body);
        const answer = await callLocal('AssociateSoftwareToken', { AccessToken: state.tokens.AccessToken });
        sessions.delete(id);
        const session = newSession({ ...state, verified: false });
        return { SecretCode: answer.SecretCode, Session: session };
      }
      return callLocal('AssociateSoftwareToken', body);
    },
    VerifySoftwareToken: async (body) => {
      if (body.AccessToken === undefined && body.Session !== undefined) {
        const [id, state] = mfaSetupSession(body);
        try {
          await callLocal('VerifySoftwareToken', {
            AccessToken: state.tokens.AccessToken,
            UserCode: body.UserCode,
            FriendlyDeviceName: body.FriendlyDeviceName,
          });
        } catch (error) {
          if (error instanceof AwsError && error.type === 'CodeMismatchException')
            throw new AwsError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
          throw error;
        }
        sessions.delete(id);
        const session = newSession({ ...state, verified: true });
        return { Status: 'SUCCESS', Session: session };
      }
      return callLocal('VerifySoftwareToken', body);
    },
    SetUserMFAPreference: async (body) => {
      const who = await accessTokenUser(body.AccessToken);
      if (!who) throw new AwsError('NotAuthorizedException', 'Invalid Access Token');
      const user = await getUser(who.poolId, who.username);
      setFrontFactors(who.poolId, String(user?.Username ?? who.username), body, user);
      const forwarded: JsonObject = { AccessToken: body.AccessToken };
      if (body.SoftwareTokenMfaSettings) forwarded.SoftwareTokenMfaSettings = body.SoftwareTokenMfaSettings;
      return body.SoftwareTokenMfaSettings ? callLocal('SetUserMFAPreference', forwarded) : {};
    },
    AdminSetUserMFAPreference: async (body) => {
      const poolId = String(body.UserPoolId);
      const user = await getUser(poolId, String(body.Username));
      if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
      const totp = body.SoftwareTokenMfaSettings as { Enabled?: boolean } | undefined;
      if (totp?.Enabled && !((user.UserMFASettingList as string[] | undefined) ?? []).includes('SOFTWARE_TOKEN_MFA')) {
        throw new AwsError('InvalidParameterException', 'User has not verified software token mfa');
      }
      setFrontFactors(poolId, String(user.Username), body, user);
      return {};
    },
    AdminGetUser: async (body) => {
      const user = await callLocal('AdminGetUser', body);
      const poolId = String(body.UserPoolId);
      return reportMfa(user, await userFactors(poolId, String(user.Username)));
    },
    GetUser: async (body) => {
      const user = await callLocal('GetUser', body);
      const who = await accessTokenUser(body.AccessToken);
      if (!who) return user;
      return reportMfa(user, await userFactors(who.poolId, String(user.Username)));
    },
  };

  /** Notes every AuthenticationResult in the ledger (which user, which refresh token it came from). */
  async function recordTokens(op: string, body: JsonObject, answer: JsonObject): Promise<void> {
    const result = answer.AuthenticationResult as Tokens | undefined;
    if (!result?.AccessToken) return;
    const claims = decodeJwtPayload(result.AccessToken);
    const client = await clientInfo(claims?.client_id ?? body.ClientId);
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    const fromRefresh = op.endsWith('InitiateAuth') && String(body.AuthFlow).startsWith('REFRESH_TOKEN') ? params.REFRESH_TOKEN : undefined;
    ledger.record(userKey(client.poolId, String(claims?.username ?? '')), result, fromRefresh);
  }

  /**
   * GET is not the JSON protocol: it is the pool's well-known documents (`/<poolId>/.well-known/jwks.json`),
   * which AWS serves under the issuer, so the front forwards it to cognito-local, whose keys sign the tokens.
   */
  async function forwardGet(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const answer = await fetch(`${local}${req.url ?? '/'}`, { redirect: 'manual' });
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'content-length': body.length });
      res.end(body);
    } catch (error) {
      sendAwsError(res, new AwsError('InternalErrorException', error instanceof Error ? error.message : String(error), 500));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      if ((req.url ?? '').endsWith('/.well-known/jwks.json')) {
        counts.add('GET jwks');
        counts.add(`GET jwks from ${req.headers.host ?? ''}`);
      }
      return forwardGet(req, res);
    }
    try {
      const raw = await readBody(req);
      const op = operationOf(req, 'AWSCognitoIdentityProviderService');
      if (req.method !== 'POST' || !op) throw new AwsError('UnknownOperationException', 'The requested operation is not supported by this endpoint.');
      const body = parseJsonBody(raw);
      counts.add(op);
      if (op === 'InitiateAuth' || op === 'AdminInitiateAuth') counts.add(`${op}:${String(body.AuthFlow)}`);
      if (op === 'RespondToAuthChallenge' || op === 'AdminRespondToAuthChallenge') counts.add(`${op}:${String(body.ChallengeName)}`);
      const answerDelayMs = await faults.apply(op);
      if (typeof body.AccessToken === 'string' && !op.startsWith('Admin')) await ledger.checkAccessToken(body.AccessToken);
      const handler = special[op];
      const answer = await devices.around(op, body, () => (handler ? handler(body) : callLocal(op, body)));
      await recordTokens(op, body, answer);
      if (answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, answerDelayMs));
      sendJson(res, 200, maskDeliveries(answer));
    } catch (error) {
      sendAwsError(
        res,
        error instanceof AwsError ? error : new AwsError('InternalErrorException', error instanceof Error ? error.message : String(error), 500),
      );
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  return {
    endpoint,
    counts,
    faults,
    setSessionTtl(seconds) {
      sessionTtl = seconds;
    },
    setCodeTtl(seconds) {
      codeTtl = seconds;
    },
    expireSessions() {
      for (const state of sessions.values()) state.expiresAt = 0;
      devices.expireSessions();
    },
    expireCodes() {
      for (const state of sessions.values()) if (state.kind === 'code') state.codeExpiresAt = 0;
    },
    mfaFactors: userFactors,
    async createPasswordlessUser(userPoolId, username, attributes = []) {
      // cognito-local needs a password to issue tokens: the user gets one nobody knows, and USER_AUTH offers
      // them no password factor.
      const hidden = `Aa1!${randomBytes(24).toString('hex')}`;
      const created = await callLocal('AdminCreateUser', {
        UserPoolId: userPoolId,
        Username: username,
        UserAttributes: attributes,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: hidden,
      });
      const name = String((created.User as JsonObject | undefined)?.Username ?? username);
      await callLocal('AdminSetUserPassword', { UserPoolId: userPoolId, Username: name, Password: hidden, Permanent: true });
      passwords.set(userKey(userPoolId, name), hidden);
      passwordless.add(userKey(userPoolId, name));
    },
    async addPasskey(userPoolId, username, seed) {
      const user = await getUser(userPoolId, username);
      if (!user) throw new Error(`test backend: no user ${username} in ${userPoolId}`);
      return passkeys.add(userKey(userPoolId, String(user.Username)), userPoolId, seed);
    },
    stop: () => closeServer(server),
  };
}
