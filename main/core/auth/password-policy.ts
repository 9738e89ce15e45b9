import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../accounts/account.js';
import type { PasswordPolicy } from '../../contract/password-policy.js';
import { environmentCredentials, userPoolClient } from '../aws/clients.js';

/**
 * The pool's password policy, shown in the new-password prompt. DescribeUserPool is a signed call that needs
 * administrator-grade credentials, which an ordinary user rarely has: it is tried only with credentials
 * exported in the environment (never the provider chain, which could run our own credential_process), and
 * any failure just means "policy unknown". The rules themselves are checked in contract/password-policy.ts,
 * shared with the window.
 */
export async function fetchPasswordPolicy(
  account: Pick<Account, 'region' | 'userPoolId' | 'endpoints'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PasswordPolicy | undefined> {
  const credentials = environmentCredentials(env);
  if (!credentials) return undefined;
  const client = userPoolClient(account, { env, credentials });
  try {
    const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: account.userPoolId }));
    const p = out.UserPool?.Policies?.PasswordPolicy;
    if (!p) return undefined;
    const policy: PasswordPolicy = {};
    if (p.MinimumLength !== undefined) policy.minimumLength = p.MinimumLength;
    if (p.RequireUppercase !== undefined) policy.requireUppercase = p.RequireUppercase;
    if (p.RequireLowercase !== undefined) policy.requireLowercase = p.RequireLowercase;
    if (p.RequireNumbers !== undefined) policy.requireNumbers = p.RequireNumbers;
    if (p.RequireSymbols !== undefined) policy.requireSymbols = p.RequireSymbols;
    return policy;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
