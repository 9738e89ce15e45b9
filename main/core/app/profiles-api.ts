import * as accountStore from '../accounts/account-store.js';
import type { AppApi, ProfileView } from '../../contract/app-api.js';
import { addProfile, removeManagedProfiles, useAccount } from '../aws-config/profile-store.js';
import { listProfileViews } from '../aws-config/profile-views.js';
import { BrokerError } from '../errors.js';
import { loadSettings } from '../settings/settings-store.js';
import type { AppContext } from './app-context.js';

/**
 * The window's ~/.aws/config calls over the profile store: the active account (its active and default
 * profiles), profiles per role, and the shell lines that point at an account's profile. Profiles hold a
 * credential_process line that starts this broker, never keys.
 */
export type ProfilesApi = Pick<AppApi, 'setActiveAccount' | 'listProfiles' | 'addProfile' | 'removeProfile' | 'exportLines'>;

export function createProfilesApi(ctx: AppContext): ProfilesApi {
  const { home } = ctx;

  return {
    async setActiveAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      const settings = await loadSettings(home);
      const { written } = await useAccount(ctx.profileContext(), account, {
        activeProfileName: settings.activeProfileName,
        asDefault: settings.allowDefaultProfile,
        ...(account.defaultRoleArn === undefined ? {} : { roleArn: account.defaultRoleArn }),
      });
      await ctx.record({
        kind: 'profile',
        account: name,
        message: `Made ${name} the active account (profile${written.length > 1 ? 's' : ''} ${written.join(', ')}).`,
      });
      ctx.changed('active account');
    },

    async listProfiles(): Promise<ProfileView[]> {
      return listProfileViews(ctx.location());
    },

    async addProfile(accountName: string, roleArn: string, profileName?: string) {
      const account = await accountStore.getAccount(home, accountName);
      const { name } = await addProfile(ctx.profileContext(), account, { roleArn, ...(profileName === undefined ? {} : { name: profileName }) });
      await ctx.record({ kind: 'profile', account: accountName, message: `Added profile ${name} for ${accountName} with role ${roleArn}.` });
      ctx.changed('profile added');
      const added = (await listProfileViews(ctx.location())).find((p) => p.name === name);
      if (!added)
        throw new BrokerError('config-io', `The profile ${name} was written but cannot be read back from ${ctx.location().configFile}.`, {
          hint: 'Check the file.',
        });
      return added;
    },

    async removeProfile(profileName: string) {
      await removeManagedProfiles({ location: ctx.location() }, { name: profileName });
      await ctx.record({ kind: 'profile', message: `Removed profile ${profileName}.` });
      ctx.changed('profile removed');
    },

    async exportLines(name: string) {
      const account = await accountStore.getAccount(home, name);
      // A profile whose credential_process is this broker: the shell gets a reference, never the keys. Not the
      // active or default profile: those follow whichever account is active, and the lines must stay on this one.
      const { activeProfileName } = await loadSettings(home);
      const candidates = (await listProfileViews(ctx.location())).filter(
        (p) => p.account === name && p.roleArn === undefined && p.name !== 'default' && p.name !== activeProfileName,
      );
      let profile = candidates.find((p) => p.name === name) ?? candidates[0];
      if (!profile) {
        const { name: written } = await addProfile(ctx.profileContext(), account);
        await ctx.record({ kind: 'profile', account: name, message: `Added profile ${written} for ${name}.` });
        ctx.changed('profile added');
        profile = (await listProfileViews(ctx.location())).find((p) => p.name === written);
      }
      const profileName = profile?.name ?? name;
      return `export AWS_PROFILE=${profileName}\nexport AWS_REGION=${account.region}\n`;
    },
  };
}
