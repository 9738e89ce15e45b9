// Over ~300 lines on purpose: one state machine (InitiateAuth, then every challenge in one loop) whose steps share the run's state.
import {
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../accounts/account.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { userPoolClient } from '../aws/clients.js';
import { resolveEndpoint } from '../aws/endpoints.js';
import { cognitoError, type CognitoCall } from './cognito-errors.js';
import { secretHash } from './secret-hash.js';
import { startSrp } from './srp.js';
import { fetchPasswordPolicy } from './password-policy.js';
import { passwordPolicyProblem } from '../../contract/password-policy.js';
import { decodeJwtPayload } from './jwt-payload.js';
import type { MfaType, PasswordPolicy, Prompt, Prompter } from './prompter.js';
import type { SignInTokens } from './tokens.js';

export type SignInAccount = Pick<Account, 'name' | 'region' | 'userPoolId' | 'clientId' | 'endpoints' | 'authFlow' | 'username'>;

export interface SignInOptions {
  /** Overrides the account's default username; asked for when neither is set. */
  username?: string;
  /** The app client's secret (from the keychain) when it has one. */
  clientSecret?: string;
  prompter: Prompter;
  env?: NodeJS.ProcessEnv;
  /** Issuer shown by authenticator apps for a TOTP enrolment; defaults to the account name. */
  totpIssuer?: string;
}

/**
 * How many answers one prompt may get before the broker stops asking: Cognito itself ends a challenge
 * session after a few wrong codes, and a scripted prompter that repeats a wrong answer must not loop (or
 * lock the user out with wrong passwords).
 */
export const MAX_ANSWERS_PER_PROMPT = 3;

const MFA_TYPES: readonly MfaType[] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'];

interface Challenge {
  name: string;
  session: string | undefined;
  parameters: Record<string, string>;
}

type Step = { tokens: AuthenticationResultType } | { challenge: Challenge };

/**
 * Sign a person in to the account's user pool: USER_SRP_AUTH by default (the password never leaves the
 * machine), USER_PASSWORD_AUTH when the account opts in, then every challenge Cognito returns, in one loop,
 * each answered through the prompter. A refused answer is asked again with a reason while Cognito keeps the
 * challenge session alive. Resolves with the tokens (secrets: keychain only); fails with a BrokerError whose
 * message never carries a password, code, token or secret.
 */
export async function signIn(account: SignInAccount, options: SignInOptions): Promise<SignInTokens> {
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    return await new SignInRun(account, options, client).run();
  } finally {
    client.destroy();
  }
}

class SignInRun {
  /** The name Cognito knows the user by once a challenge has named it (USER_ID_FOR_SRP / USERNAME). */
  private poolUsername = '';
  private readonly endpoint: string | undefined;

  constructor(
    private readonly account: SignInAccount,
    private readonly options: SignInOptions,
    private readonly client: CognitoIdentityProviderClient,
  ) {
    this.endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', options.env);
  }

  async run(): Promise<SignInTokens> {
    const typed = this.options.username ?? this.account.username ?? (await this.ask({ kind: 'username' }));
    const username = typed.trim();
    if (username === '') throw new BrokerError('invalid-argument', 'A username is needed to sign in.', { hint: 'Enter your user pool username or e-mail.' });
    this.poolUsername = username;
    this.options.prompter.info?.(`Signing in to ${this.account.name} as ${username}…`);

    let step = await this.withRetries(
      { kind: 'password', username },
      (password) => this.initiate(username, password),
      (password) => (password === '' ? 'Enter your password.' : undefined),
    );
    while ('challenge' in step) step = await this.answer(step.challenge);
    return this.finish(step.tokens);
  }

  private async ask(prompt: Prompt, retryReason?: string): Promise<string> {
    return this.options.prompter.ask(prompt, retryReason);
  }

  /**
   * Ask, call, and on an answer Cognito refuses as wrong (password, code, policy) ask again with the reason,
   * up to MAX_ANSWERS_PER_PROMPT answers. Any other failure ends the sign-in.
   */
  private async withRetries<T>(prompt: Prompt, attempt: (answer: string) => Promise<T>, check?: (answer: string) => string | undefined): Promise<T> {
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

  private fail(error: unknown, call: CognitoCall): BrokerError {
    return cognitoError(error, { call, account: this.account.name, ...(this.endpoint === undefined ? {} : { endpoint: this.endpoint }) });
  }

  private hash(username: string): { SECRET_HASH?: string } {
    const secret = this.options.clientSecret;
    return secret ? { SECRET_HASH: secretHash(username, this.account.clientId, secret) } : {};
  }

  private toStep(out: {
    AuthenticationResult?: AuthenticationResultType;
    ChallengeName?: string;
    Session?: string;
    ChallengeParameters?: Record<string, string>;
  }): Step {
    if (out.AuthenticationResult) return { tokens: out.AuthenticationResult };
    if (!out.ChallengeName) {
      throw new BrokerError('auth-failed', 'The user pool answered with neither tokens nor a challenge.', {
        hint: 'Try again; if it persists, tell the pool administrator.',
      });
    }
    return { challenge: { name: out.ChallengeName, session: out.Session, parameters: out.ChallengeParameters ?? {} } };
  }

  private async initiate(username: string, password: string): Promise<Step> {
    if (this.account.authFlow === 'password') {
      try {
        const out = await this.client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: this.account.clientId,
            AuthParameters: { USERNAME: username, PASSWORD: password, ...this.hash(username) },
          }),
        );
        return this.toStep(out);
      } catch (error) {
        throw this.fail(error, 'sign-in');
      }
    }
    const srp = startSrp(username, password, this.account.userPoolId);
    let step: Step;
    try {
      const out = await this.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: this.account.clientId,
          AuthParameters: { USERNAME: username, SRP_A: srp.srpA, ...this.hash(username) },
        }),
      );
      step = this.toStep(out);
    } catch (error) {
      throw this.fail(error, 'sign-in');
    }
    if (!('challenge' in step) || step.challenge.name !== 'PASSWORD_VERIFIER') return step;
    const challenge = step.challenge;
    const userId = challenge.parameters.USER_ID_FOR_SRP;
    if (!userId)
      throw new BrokerError('auth-failed', "The user pool's SRP challenge is incomplete.", {
        hint: 'Try again, or re-add the account with `--auth-flow password`.',
      });
    this.poolUsername = userId;
    let claim;
    try {
      claim = srp.passwordClaim(challenge.parameters);
    } catch (cause) {
      throw new BrokerError('auth-failed', "The user pool's SRP challenge could not be answered (malformed or unsafe values).", {
        hint: 'Try again; if it persists, tell the pool administrator.',
        cause,
      });
    }
    return this.respond('PASSWORD_VERIFIER', challenge.session, { ...claim }, 'sign-in');
  }

  private async respond(name: string, session: string | undefined, answers: Record<string, string>, call: CognitoCall): Promise<Step> {
    try {
      const out = await this.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.account.clientId,
          ChallengeName: name as never,
          ...(session === undefined ? {} : { Session: session }),
          ChallengeResponses: { USERNAME: this.poolUsername, ...answers, ...this.hash(this.poolUsername) },
        }),
      );
      return this.toStep(out);
    } catch (error) {
      throw this.fail(error, call);
    }
  }

  private async answer(challenge: Challenge): Promise<Step> {
    const p = challenge.parameters;
    // Later challenges name the user too; keep the pool's name for USERNAME and SECRET_HASH.
    if (p.USER_ID_FOR_SRP) this.poolUsername = p.USER_ID_FOR_SRP;
    else if (p.USERNAME) this.poolUsername = p.USERNAME;
    const code = (prompt: Prompt, field: string) =>
      this.withRetries(
        prompt,
        (answer) => this.respond(challenge.name, challenge.session, { [field]: answer.trim() }, 'challenge'),
        (answer) => (answer.trim() === '' ? 'Enter the code.' : undefined),
      );

    switch (challenge.name) {
      case 'SOFTWARE_TOKEN_MFA':
        return code({ kind: 'totp-code' }, 'SOFTWARE_TOKEN_MFA_CODE');
      case 'SMS_MFA':
        return code(withDestination('sms-code', p.CODE_DELIVERY_DESTINATION), 'SMS_MFA_CODE');
      case 'EMAIL_OTP':
        return code(withDestination('email-code', p.CODE_DELIVERY_DESTINATION), 'EMAIL_OTP_CODE');
      case 'SELECT_MFA_TYPE':
        return this.selectMfa(challenge);
      case 'MFA_SETUP':
        return this.setUpTotp(challenge);
      case 'NEW_PASSWORD_REQUIRED':
        return this.newPassword(challenge);
      case 'DEVICE_SRP_AUTH':
      case 'DEVICE_PASSWORD_VERIFIER':
        throw new BrokerError('auth-challenge', 'The user pool asks for a remembered-device check, which Cognito Broker does not support.', {
          hint: 'Ask the pool administrator to set "Remember user devices" to off or "user opt-in".',
        });
      default:
        throw new BrokerError('auth-challenge', `The user pool asks for a ${challenge.name} step, which Cognito Broker does not support.`, {
          hint: 'Ask the pool administrator which sign-in steps your user needs.',
        });
    }
  }

  private async selectMfa(challenge: Challenge): Promise<Step> {
    const offered = jsonList(challenge.parameters.MFAS_CAN_CHOOSE).filter((t): t is MfaType => (MFA_TYPES as readonly string[]).includes(t));
    if (offered.length === 0) {
      throw new BrokerError('auth-challenge', 'The user pool asks to choose an MFA method but offers none Cognito Broker supports.', {
        hint: 'Ask the pool administrator to enable TOTP, SMS or e-mail codes for your user.',
      });
    }
    const choice = await this.withRetries(
      { kind: 'select-mfa', options: offered },
      (answer) => Promise.resolve(answer.trim() as MfaType),
      (answer) => ((offered as string[]).includes(answer.trim()) ? undefined : `Choose one of: ${offered.join(', ')}.`),
    );
    this.options.prompter.info?.(`Using ${choice}.`);
    return this.respond('SELECT_MFA_TYPE', challenge.session, { ANSWER: choice }, 'challenge');
  }

  private async setUpTotp(challenge: Challenge): Promise<Step> {
    const canSetUp = jsonList(challenge.parameters.MFAS_CAN_SETUP);
    if (canSetUp.length > 0 && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) {
      throw new BrokerError('auth-challenge', 'The user pool requires enrolling an MFA method other than an authenticator app.', {
        hint: "Enrol it through your organisation's sign-in page, or ask the pool administrator to allow TOTP.",
      });
    }
    let session = challenge.session;
    let secret: string;
    try {
      const out = await this.client.send(new AssociateSoftwareTokenCommand(session === undefined ? {} : { Session: session }));
      if (!out.SecretCode) throw new BrokerError('auth-challenge', 'The user pool did not give an authenticator secret.', { hint: 'Try again.' });
      secret = out.SecretCode;
      session = out.Session ?? session;
    } catch (error) {
      throw this.fail(error, 'mfa-setup');
    }
    const issuer = this.options.totpIssuer ?? this.account.name;
    const otpauthUri = `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(this.poolUsername)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
    const verified = await this.withRetries({ kind: 'mfa-setup', otpauthUri, secret }, async (answer) => {
      try {
        const out = await this.client.send(
          new VerifySoftwareTokenCommand({
            UserCode: answer.trim(),
            FriendlyDeviceName: 'Cognito Broker',
            ...(session === undefined ? {} : { Session: session }),
          }),
        );
        if (out.Status !== 'SUCCESS')
          throw new BrokerError('code-mismatch', 'That code is not right.', { hint: 'Enter the current code from your authenticator app.' });
        return out.Session ?? session;
      } catch (error) {
        throw this.fail(error, 'mfa-setup');
      }
    });
    this.options.prompter.info?.('Authenticator app enrolled.');
    return this.respond('MFA_SETUP', verified, {}, 'mfa-setup');
  }

  private async newPassword(challenge: Challenge): Promise<Step> {
    const required = jsonList(challenge.parameters.requiredAttributes).map((a) => a.replace(/^userAttributes\./, ''));
    if (required.length > 0) {
      // The prompter port collects one password, not arbitrary profile fields.
      throw new BrokerError('auth-challenge', `The user pool requires these attributes before your first sign-in: ${required.join(', ')}.`, {
        hint: 'Ask the pool administrator to fill them in for your user, then sign in again.',
      });
    }
    const policy: PasswordPolicy | undefined = await fetchPasswordPolicy(this.account, this.options.env);
    return this.withRetries(
      { kind: 'new-password', ...(policy === undefined ? {} : { policy }), requiredAttributes: required },
      (password) => this.respond('NEW_PASSWORD_REQUIRED', challenge.session, { NEW_PASSWORD: password }, 'new-password'),
      (password) => (password === '' ? 'The new password cannot be empty.' : passwordPolicyProblem(password, policy)),
    );
  }

  private finish(result: AuthenticationResultType): SignInTokens {
    if (!result.IdToken || !result.AccessToken) {
      throw new BrokerError('auth-failed', 'The user pool signed you in but sent no ID or access token.', {
        hint: 'Try again; if it persists, tell the pool administrator.',
      });
    }
    // Only the name is read here; the caller verifies the ID token before trusting any claim.
    const claimed = decodeJwtPayload(result.IdToken)['cognito:username'];
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      username: typeof claimed === 'string' && claimed !== '' ? claimed : this.poolUsername,
    };
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

function withDestination(kind: 'sms-code' | 'email-code', destination: string | undefined): Prompt {
  return destination ? { kind, destination } : { kind };
}

/** Cognito passes lists inside ChallengeParameters as JSON text (`["SOFTWARE_TOKEN_MFA","SMS_MFA"]`). */
function jsonList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
