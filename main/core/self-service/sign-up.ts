import { ConfirmSignUpCommand, ResendConfirmationCodeCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { codeDelivery, secretHashFor, withUserPool, type CodeDelivery, type SelfServiceOptions, type UserPoolAccount } from './user-pool-app.js';

export interface SignUpInput {
  username: string;
  password: string;
  /** Standard or custom attributes, e.g. { email: 'a@example.com', 'custom:tenant': 'acme' }. */
  attributes?: Record<string, string>;
}

export interface SignUpResult {
  /** True when the pool confirmed the user at once (a pre-sign-up trigger); otherwise a code was sent. */
  confirmed: boolean;
  userSub?: string;
  delivery?: CodeDelivery;
}

export async function signUp(account: UserPoolAccount, input: SignUpInput, options: SelfServiceOptions = {}): Promise<SignUpResult> {
  return withUserPool(account, 'sign-up', options, async (client) => {
    const out = await client.send(
      new SignUpCommand({
        ClientId: account.clientId,
        Username: input.username,
        Password: input.password,
        UserAttributes: Object.entries(input.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
        ...secretHashFor(account, input.username, options),
      }),
    );
    const delivery = codeDelivery(out.CodeDeliveryDetails);
    return { confirmed: out.UserConfirmed === true, ...(out.UserSub ? { userSub: out.UserSub } : {}), ...(delivery ? { delivery } : {}) };
  });
}

export async function confirmSignUp(account: UserPoolAccount, input: { username: string; code: string }, options: SelfServiceOptions = {}): Promise<void> {
  await withUserPool(account, 'confirm-sign-up', options, (client) =>
    client.send(
      new ConfirmSignUpCommand({
        ClientId: account.clientId,
        Username: input.username,
        ConfirmationCode: input.code,
        ...secretHashFor(account, input.username, options),
      }),
    ),
  );
}

export async function resendConfirmationCode(account: UserPoolAccount, username: string, options: SelfServiceOptions = {}): Promise<CodeDelivery | undefined> {
  return withUserPool(account, 'resend-code', options, async (client) => {
    const out = await client.send(
      new ResendConfirmationCodeCommand({ ClientId: account.clientId, Username: username, ...secretHashFor(account, username, options) }),
    );
    return codeDelivery(out.CodeDeliveryDetails);
  });
}
