import { ChangePasswordCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { codeDelivery, secretHashFor, withUserPool, type CodeDelivery, type SelfServiceOptions, type UserPoolAccount } from './user-pool-app.js';

/** Sends a reset code to the user's verified e-mail or phone; returns where (masked by Cognito). */
export async function forgotPassword(account: UserPoolAccount, username: string, options: SelfServiceOptions = {}): Promise<CodeDelivery | undefined> {
  return withUserPool(account, 'forgot-password', options, async (client) => {
    const out = await client.send(new ForgotPasswordCommand({ ClientId: account.clientId, Username: username, ...secretHashFor(account, username, options) }));
    return codeDelivery(out.CodeDeliveryDetails);
  });
}

export async function confirmForgotPassword(
  account: UserPoolAccount,
  input: { username: string; code: string; newPassword: string },
  options: SelfServiceOptions = {},
): Promise<void> {
  await withUserPool(account, 'confirm-forgot-password', options, (client) =>
    client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: account.clientId,
        Username: input.username,
        ConfirmationCode: input.code,
        Password: input.newPassword,
        ...secretHashFor(account, input.username, options),
      }),
    ),
  );
}

/** Needs the signed-in user's access token (scope aws.cognito.signin.user.admin); no SECRET_HASH. */
export async function changePassword(
  account: UserPoolAccount,
  input: { accessToken: string; previousPassword: string; proposedPassword: string },
  options: SelfServiceOptions = {},
): Promise<void> {
  await withUserPool(account, 'change-password', options, (client) =>
    client.send(
      new ChangePasswordCommand({ AccessToken: input.accessToken, PreviousPassword: input.previousPassword, ProposedPassword: input.proposedPassword }),
    ),
  );
}
