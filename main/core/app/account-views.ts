import type { Account } from '../accounts/account.js';
import * as accountStore from '../accounts/account-store.js';
import type { AccountView } from '../../contract/app-api.js';
import { activeAccount, listProfileViews } from '../aws-config/profile-views.js';
import { loadSettings } from '../settings/settings-store.js';
import type { AppContext } from './app-context.js';
import { toAccountView } from './session-view.js';

/** The window's view of accounts: settings, session status, whether active, and their profiles (no secrets). */
export async function accountViews(ctx: AppContext, accounts: Account[]): Promise<AccountView[]> {
  const settings = await loadSettings(ctx.home);
  const [active, profiles] = await Promise.all([activeAccount(ctx.location(), settings.activeProfileName), listProfileViews(ctx.location())]);
  const out: AccountView[] = [];
  for (const account of accounts) {
    const status = await ctx.broker.status(account);
    out.push(toAccountView(account, status, account.name === active, profiles));
  }
  return out;
}

export async function accountView(ctx: AppContext, name: string): Promise<AccountView> {
  const [v] = await accountViews(ctx, [await accountStore.getAccount(ctx.home, name)]);
  return v!;
}
