import * as accountStore from '../accounts/account-store.js';
import type { ActivityEntry } from '../../contract/app-api.js';
import { brokerSettings } from '../composition/broker-settings.js';
import { consoleSignInUrl } from '../console/console-sign-in.js';
import { BrokerError, isBrokerError } from '../errors.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import { openThroughOneTimeRedirect } from '../federation/one-time-redirect.js';
import type { SessionBroker } from './app-context.js';

export interface ConsoleContext {
  home: string;
  env: NodeJS.ProcessEnv;
  broker: Pick<SessionBroker, 'getCredentials'>;
  open: BrowserOpener;
  record(entry: Omit<ActivityEntry, 'at'>): Promise<void>;
}

/**
 * Opens the AWS console for an account (and role) in the system browser. The sign-in URL grants console
 * access to whoever holds it, so it lives only inside this function and the one-time redirect that hands it
 * to the browser: never given to the opener, returned, logged, stored or put into an error.
 */
export async function openConsole(ctx: ConsoleContext, name: string, roleArn?: string): Promise<void> {
  const account = await accountStore.getAccount(ctx.home, name);
  const as = roleArn === undefined ? '' : ` as ${roleArn}`;
  try {
    const { credentials } = await ctx.broker.getCredentials(account, roleArn === undefined ? {} : { roleArn });
    // The CLI reads the same setting (composition/broker-settings.ts): one environment, one stand-in.
    const endpoint = brokerSettings(ctx.env).federationEndpoint;
    const url = await consoleSignInUrl({ credentials, region: account.region, env: ctx.env, ...(endpoint ? { federationEndpoint: endpoint } : {}) });
    // The browser's argv is readable by every local user: it gets a one-time loopback address that redirects
    // once to the sign-in URL (the app keeps running, so it serves the redirect until taken or expired).
    if (!(await openThroughOneTimeRedirect(ctx.open, url)).opened) {
      throw new BrokerError('invalid-argument', 'No browser could be opened on this machine.', {
        hint: `Run \`cognito-broker console ${name} --print\` in a terminal and open the address yourself; it signs in whoever has it, so keep it to yourself.`,
      });
    }
    await ctx.record({
      kind: 'account',
      account: name,
      message: `Opened the AWS console for ${name}${credentials.roleArn ? ` as ${credentials.roleArn}` : as}.`,
    });
  } catch (error) {
    const reason = isBrokerError(error) ? error.message : 'an unexpected error.';
    await ctx.record({ kind: 'account', account: name, message: `Opening the AWS console for ${name}${as} failed: ${reason}` });
    throw error;
  }
}
