import { RespondToAuthChallengeCommand, type AuthenticationResultType, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../../accounts/account.js';
import { BrokerError, isBrokerError } from '../../errors.js';
import { resolveEndpoint } from '../../aws/endpoints.js';
import { cognitoError, type CognitoCall } from '../cognito-errors.js';
import { secretHash } from '../secret-hash.js';
import type { FirstFactor } from '../../../contract/sign-in-method.js';
import type { Prompt, Prompter } from '../prompter.js';
import { DeviceSignIn } from '../devices/device-sign-in.js';
import type { DeviceMemory } from '../devices/device-store.js';
import type { SignInTokens } from '../tokens.js';

export type SignInAccount = Pick<Account, 'name' | 'region' | 'userPoolId' | 'clientId' | 'endpoints' | 'authFlow' | 'username' | 'firstFactor'>;

export interface SignInOptions {
  /** Overrides the account's default username; asked for when neither is set. */
  username?: string;
  /** The app client's secret (from the keychain) when it has one. */
  clientSecret?: string;
  prompter: Prompter;
  env?: NodeJS.ProcessEnv;
  /** Issuer shown by authenticator apps for a TOTP enrolment; defaults to the account name. */
  totpIssuer?: string;
  /** The keychain's device records of the account (remembered devices); none: no device is sent or confirmed. */
  devices?: DeviceMemory;
  /** USER_AUTH accounts: the first factor for this sign-in, overriding the account's `firstFactor`. */
  method?: FirstFactor;
  /**
   * Managed login in the system browser, where a chosen passkey completes (sign-in/passkey.ts says why).
   * Absent when the account has no managed-login settings; choosing a passkey then fails with a hint.
   */
  browserSignIn?: () => Promise<SignInTokens>;
}

/**
 * How many answers one prompt may get before the broker stops asking: Cognito itself ends a challenge
 * session after a few wrong codes, and a scripted prompter that repeats a wrong answer must not loop (or
 * lock the user out with wrong passwords).
 */
export const MAX_ANSWERS_PER_PROMPT = 3;

export interface Challenge {
  name: string;
  session: string | undefined;
  parameters: Record<string, string>;
  /** SELECT_CHALLENGE's top-level AvailableChallenges (USER_AUTH), not a ChallengeParameters entry. */
  available?: string[];
}

/** Cognito's next move, or a sign-in finished elsewhere (a passkey through managed login). */
export type Step = { tokens: AuthenticationResultType } | { challenge: Challenge } | { signedIn: SignInTokens };

export interface CognitoAnswer {
  AuthenticationResult?: AuthenticationResultType;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AvailableChallenges?: string[];
}

/**
 * The state one sign-in shares between its steps (the account, the client, the name the pool knows the user
 * by) and the moves every challenge family makes: ask with retries, answer a challenge, map a failure.
 */
export class SignInContext {
  /** The name Cognito knows the user by once a challenge has named it (USER_ID_FOR_SRP / USERNAME). */
  poolUsername = '';
  /**
   * USER_AUTH only: true until a first factor has been answered. An EMAIL_OTP challenge then is the first
   * factor (a new code may be asked for), not an MFA code after a password.
   */
  firstFactorPending = false;
  /** USER_AUTH only: the name typed for this sign-in, which a restart (a new code, a new password try) sends again. */
  typedUsername = '';
  readonly endpoint: string | undefined;
  /** This computer as a remembered device of the user, if it is one (auth/devices/device-sign-in.ts). */
  readonly devices: DeviceSignIn;

  constructor(
    readonly account: SignInAccount,
    readonly options: SignInOptions,
    readonly client: CognitoIdentityProviderClient,
  ) {
    this.endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', options.env);
    this.devices = new DeviceSignIn(options.devices, options.prompter);
  }

  ask(prompt: Prompt, retryReason?: string): Promise<string> {
    return this.options.prompter.ask(prompt, retryReason);
  }

  info(message: string): void {
    this.options.prompter.info?.(message);
  }

  /**
   * Ask, call, and on an answer Cognito refuses as wrong (password, code, policy) ask again with the reason,
   * up to MAX_ANSWERS_PER_PROMPT answers. Any other failure ends the sign-in.
   */
  async withRetries<T>(prompt: Prompt, attempt: (answer: string) => Promise<T>, check?: (answer: string) => string | undefined): Promise<T> {
    let retryReason: string | undefined;
    for (let answers = 1; ; answers += 1) {
      const answer = await this.ask(prompt, retryReason);
      const problem = check?.(answer);
      let failure: BrokerError;
      if (problem === undefined) {
        try {
          return await attempt(answer);
        } catch (error) {
          if (!isBrokerError(error) || !isWrongAnswer(error, prompt)) throw error;
          failure = error;
        }
      } else {
        failure =
          prompt.kind === 'new-password'
            ? new BrokerError('password-policy', problem, { hint: 'Choose another password.' })
            : new BrokerError('invalid-argument', problem);
      }
      if (answers >= MAX_ANSWERS_PER_PROMPT) throw failure;
      retryReason = failure.hint ? `${failure.message} ${failure.hint}` : failure.message;
    }
  }

  fail(error: unknown, call: CognitoCall): BrokerError {
    return cognitoError(error, { call, account: this.account.name, ...(this.endpoint === undefined ? {} : { endpoint: this.endpoint }) });
  }

  hash(username: string): { SECRET_HASH?: string } {
    const secret = this.options.clientSecret;
    return secret ? { SECRET_HASH: secretHash(username, this.account.clientId, secret) } : {};
  }

  /**
   * Extra InitiateAuth parameters every flow sends: the remembered device's DEVICE_KEY, which is what lets the
   * pool answer with DEVICE_SRP_AUTH instead of MFA (device-sign-in.ts cites AWS).
   */
  initiationExtras(): Record<string, string> {
    return { ...this.devices.parameters() };
  }

  /** Take the name a challenge gives for the user: later answers' USERNAME and SECRET_HASH must use it. */
  learnUsername(parameters: Record<string, string>): void {
    if (parameters.USER_ID_FOR_SRP) this.poolUsername = parameters.USER_ID_FOR_SRP;
    else if (parameters.USERNAME) this.poolUsername = parameters.USERNAME;
  }

  toStep(out: CognitoAnswer): Step {
    if (out.AuthenticationResult) return { tokens: out.AuthenticationResult };
    if (!out.ChallengeName) {
      throw new BrokerError('auth-failed', 'The user pool answered with neither tokens nor a challenge.', {
        hint: 'Try again; if it persists, tell the pool administrator.',
      });
    }
    const available = out.AvailableChallenges;
    return {
      challenge: {
        name: out.ChallengeName,
        session: out.Session,
        parameters: out.ChallengeParameters ?? {},
        ...(available === undefined ? {} : { available: [...available] }),
      },
    };
  }

  async respond(name: string, session: string | undefined, answers: Record<string, string>, call: CognitoCall): Promise<Step> {
    try {
      const out = await this.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.account.clientId,
          ChallengeName: name as never,
          ...(session === undefined ? {} : { Session: session }),
          // DEVICE_KEY in every answer while a device is in use ("Include a DEVICE_KEY for device authentication").
          ChallengeResponses: { USERNAME: this.poolUsername, ...this.devices.parameters(), ...answers, ...this.hash(this.poolUsername) },
        }),
      );
      return this.toStep(out);
    } catch (error) {
      throw this.fail(error, call);
    }
  }
}

/**
 * Refusals that mean "that answer was wrong, another may work". A disabled user, a missing client secret or
 * an ended session are not: asking again would only repeat the failure.
 */
function isWrongAnswer(error: BrokerError, prompt: Prompt): boolean {
  if (prompt.kind === 'password') return error.code === 'wrong-password';
  if (prompt.kind === 'new-password') return error.code === 'password-policy';
  return error.code === 'code-mismatch';
}

/** Cognito passes lists inside ChallengeParameters as JSON text (`["SOFTWARE_TOKEN_MFA","SMS_MFA"]`). */
export function jsonList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
