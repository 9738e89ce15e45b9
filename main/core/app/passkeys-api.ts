import type { Account } from '../accounts/account.js';
import * as accountStore from '../accounts/account-store.js';
import type { ActivityEntry, AppApi, PasskeyView } from '../../contract/app-api.js';
import { isBrokerError } from '../errors.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { deletePasskey, listPasskeys } from '../self-service/passkeys.js';
import type { SelfServiceOptions } from '../self-service/user-pool-app.js';
import { accessTokenOf, type UserSessionDeps } from './user-session.js';

export type PasskeysApi = Pick<AppApi, 'listPasskeys' | 'deletePasskey'>;

export interface PasskeysContext extends UserSessionDeps {
  record(entry: Omit<ActivityEntry, 'at'>): Promise<void>;
  changed(reason: string): void;
}

/**
 * The window's Passkeys section over main/core/self-service/passkeys.ts, with the signed-in session's access
 * token (renewed when it is about to expire, as for the MFA calls). A deletion is logged, succeeded or failed;
 * the view carries ids, names and dates, never a key.
 */
export function createPasskeysApi(ctx: PasskeysContext): PasskeysApi {
  const options = async (account: Account): Promise<SelfServiceOptions> => {
    const clientSecret = await clientSecretOf(account, ctx.store);
    return { env: ctx.env, ...(clientSecret === undefined ? {} : { clientSecret }) };
  };

  return {
    async listPasskeys(name: string): Promise<PasskeyView[]> {
      const account = await accountStore.getAccount(ctx.home, name);
      return listPasskeys(account, await accessTokenOf(account, ctx), await options(account));
    },

    async deletePasskey(name: string, credentialId: string): Promise<PasskeyView[]> {
      const account = await accountStore.getAccount(ctx.home, name);
      const accessToken = await accessTokenOf(account, ctx);
      const opts = await options(account);
      try {
        await deletePasskey(account, accessToken, credentialId, opts);
      } catch (error) {
        const reason = isBrokerError(error) ? error.message : 'an unexpected error.';
        await ctx.record({ kind: 'sign-in-failed', account: name, message: `Deleting a passkey of ${name} failed: ${reason}` });
        throw error;
      }
      await ctx.record({ kind: 'account', account: name, message: `Deleted a passkey of ${name}.` });
      ctx.changed('passkey deleted');
      return listPasskeys(account, accessToken, opts);
    },
  };
}
