import type { Account, AccountInput } from '../accounts/account.js';
import { deleteAccount } from '../accounts/account-removal.js';
import * as accountStore from '../accounts/account-store.js';
import type { AppApi } from '../../contract/app-api.js';
import { removeManagedProfiles } from '../aws-config/profile-store.js';
import { BrokerError } from '../errors.js';
import { secretKeys } from '../keychain/secret-store.js';
import { checkAccountSettings } from './account-check.js';
import { accountView, accountViews } from './account-views.js';
import type { AppContext } from './app-context.js';

/**
 * The window's account calls over the account store: list, add, change (client secret included, kept in the
 * keychain), remove (session revoked, keychain entries and managed profiles deleted), import, check, and the
 * default role. Each change is logged and told to the window.
 */
export type AccountsApi = Pick<
  AppApi,
  'listAccounts' | 'getAccount' | 'addAccount' | 'updateAccount' | 'removeAccount' | 'importAccounts' | 'checkAccount' | 'setDefaultRole'
> & {
  /**
   * The managed-login domains of the configured accounts, read now (none when the accounts file cannot be
   * read): the only hosts besides the console's that the Electron shell lets the core open in the browser.
   * Not in AppApi: the window never asks for it.
   */
  managedLoginDomains(): Promise<string[]>;
};

function withSecretFlag(input: AccountInput, clientSecret: string | undefined): AccountInput {
  return clientSecret === undefined ? input : { ...input, hasClientSecret: true };
}

export function createAccountsApi(ctx: AppContext): AccountsApi {
  const { home, broker, deps } = ctx;
  const secrets = deps.secrets;

  async function storeClientSecret(account: string, secret: string): Promise<void> {
    await secrets.set(secretKeys.clientSecret(account), secret);
  }

  /** A renamed account keeps its client secret under its new name. */
  async function moveClientSecret(from: string, to: string): Promise<void> {
    const secret = await secrets.get(secretKeys.clientSecret(from));
    if (secret === null) return;
    await secrets.set(secretKeys.clientSecret(to), secret);
    await secrets.delete(secretKeys.clientSecret(from));
  }

  return {
    async listAccounts() {
      return accountViews(ctx, await accountStore.loadAccounts(home));
    },

    getAccount: (name: string) => accountView(ctx, name),

    async managedLoginDomains() {
      const accounts = await accountStore.loadAccounts(home).catch(() => []);
      return accounts.flatMap((a) => (a.hostedUi ? [a.hostedUi.domain] : []));
    },

    async addAccount(input: AccountInput, clientSecret?: string) {
      const account = await accountStore.addAccount(home, withSecretFlag(input, clientSecret));
      if (clientSecret !== undefined) await storeClientSecret(account.name, clientSecret);
      await ctx.record({ kind: 'account', account: account.name, message: `Added account ${account.name}.` });
      ctx.changed('account added');
      return accountView(ctx, account.name);
    },

    async updateAccount(name: string, input: AccountInput, clientSecret?: string) {
      // Without a new secret the stored one (and the flag) stay: the window never has the old one to send back.
      const current = await accountStore.getAccount(home, name);
      const next = clientSecret === undefined ? { ...input, hasClientSecret: current.hasClientSecret } : withSecretFlag(input, clientSecret);
      if (clientSecret !== undefined) await storeClientSecret(name, clientSecret);
      const account = await accountStore.updateAccount(home, name, next);
      if (account.name !== name && account.hasClientSecret) await moveClientSecret(name, account.name);
      await ctx.record({ kind: 'account', account: account.name, message: `Changed the settings of account ${account.name}.` });
      ctx.changed('account changed');
      return accountView(ctx, account.name);
    },

    async removeAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      // Revoke the session at the pool first, so a refresh token deleted here is not still valid there; forget
      // this computer there too while the session can, since its device record is deleted with the account.
      const signedIn = (await broker.status(account)).state !== 'needs-sign-in';
      if (signedIn) await broker.logout(account, { forgetDevice: true }).catch(() => undefined);
      const removed = await deleteAccount(home, name, {
        secrets,
        removeProfiles: (a) => removeManagedProfiles({ location: ctx.location() }, { account: a }),
      });
      const profiles = removed.profilesRemoved.length ? ` and its profiles ${removed.profilesRemoved.join(', ')}` : '';
      await ctx.record({ kind: 'account', account: name, message: `Removed account ${name}${profiles}.` });
      deps.onSessionChanged?.(name);
      ctx.changed('account removed');
    },

    async importAccounts(json: string) {
      const imported = await accountStore.importAccounts(home, json, 'The imported file');
      await ctx.record({
        kind: 'account',
        message: `Imported ${imported.length} account${imported.length === 1 ? '' : 's'}: ${imported.map((a) => a.name).join(', ')}.`,
      });
      ctx.changed('accounts imported');
      return accountViews(ctx, imported);
    },

    async checkAccount(input: AccountInput) {
      const account = accountStore.validateAccount(input);
      return (deps.checkAccount ?? ((a: Account) => checkAccountSettings(a, ctx.env)))(account);
    },

    async setDefaultRole(name: string, roleArn: string | null) {
      const current = await accountStore.getAccount(home, name);
      if (roleArn !== null) {
        const status = await broker.status(current);
        if (status.state !== 'needs-sign-in' && !status.roles.some((r) => r.arn === roleArn)) {
          throw new BrokerError('role-not-allowed', `Your groups in ${name} do not grant the role ${roleArn}.`, {
            hint: `Choose one of: ${status.roles.map((r) => r.arn).join(', ') || 'no roles (ask an administrator to add you to a group)'}.`,
          });
        }
      }
      const next: AccountInput = { ...current };
      if (roleArn === null) delete next.defaultRoleArn;
      else next.defaultRoleArn = roleArn;
      await accountStore.updateAccount(home, name, next);
      await ctx.record({
        kind: 'account',
        account: name,
        message: roleArn === null ? `${name} now uses the role the pool prefers.` : `${name} now uses the role ${roleArn} by default.`,
      });
      ctx.changed('default role');
      return accountView(ctx, name);
    },
  };
}
