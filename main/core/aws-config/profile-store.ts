import { BrokerError } from '../errors.js';
import { editConfig, readConfigText, type ConfigEditContext, type EditState } from './config-edit.js';
import { awsConfigLocation } from './config-location.js';
import { credentialProcessCommand, type CliLauncher } from './credential-process-command.js';
import { assertProfileName, defaultProfileName } from './profile-name.js';
import { assertNoClash, assertSameOwner, describeOwner, listProfiles, onlyCreatedFileSections, removeProfiles, upsertProfile } from './profile-editor.js';

/**
 * The managed profiles in the real files. Every change is read → edit → atomic replace, under a lock file
 * next to the config, so the app and any number of CLI processes never lose each other's updates.
 */
export interface ProfileContext extends ConfigEditContext {
  launcher: CliLauncher;
}

/** What a profile needs to know about an account (a subset of Account). */
export interface ProfileAccount {
  name: string;
  region: string;
}

/**
 * Whether a section added to `text` may be marked `file=created`: the file did not exist before we wrote
 * it, or it still holds nothing but such sections. A file the user created — even an empty one — never is.
 */
function createdFile(text: string, state: EditState): boolean {
  return text === '' ? !state.existed : onlyCreatedFileSections(text);
}

export interface SyncResult {
  written: string[];
  unchanged: string[];
  removed: string[];
  /**
   * Accounts whose profile name is taken by a section we did not write, or (`owner`) by our own profile of
   * another account or role.
   */
  clashes: { account: string; name: string; owner?: string }[];
}

/**
 * One profile per account, named after it, following the account's default role. Managed profiles of
 * accounts that no longer exist are removed. A name taken by someone else's section is reported, not
 * touched; `default` is never written this way (only `use --as-default` writes it).
 */
export async function syncProfiles(ctx: ProfileContext, accounts: readonly ProfileAccount[]): Promise<SyncResult> {
  return editConfig(ctx, (text, state) => {
    const result: SyncResult = { written: [], unchanged: [], removed: [], clashes: [] };
    const known = new Set(accounts.map((a) => a.name));
    const pruned = removeProfiles(text, (entry) => !known.has(entry.account));
    result.removed = pruned.removed;
    let current = pruned.text;
    for (const account of accounts) {
      if (account.name === 'default') {
        result.clashes.push({ account: account.name, name: 'default' });
        continue;
      }
      try {
        const wanted = spec(ctx.launcher, account, account.name);
        assertNoClash(current, wanted.name);
        assertSameOwner(current, wanted);
        const next = upsertProfile(current, wanted, { createdFile: createdFile(current, state) });
        (next === current ? result.unchanged : result.written).push(account.name);
        current = next;
      } catch (error) {
        if (!(error instanceof BrokerError && error.code === 'profile-clash')) throw error;
        const owner = listProfiles(current).find((e) => e.name === account.name && (e.account !== account.name || e.roleArn !== undefined));
        result.clashes.push({ account: account.name, name: account.name, ...(owner ? { owner: describeOwner(owner) } : {}) });
      }
    }
    return { text: current, result };
  });
}

function spec(launcher: CliLauncher, account: ProfileAccount, name: string, roleArn?: string) {
  return {
    name,
    account: account.name,
    region: account.region,
    credentialProcess: credentialProcessCommand(launcher, account.name, roleArn),
    ...(roleArn ? { roleArn } : {}),
  };
}

/** `profiles add`: a profile for (account, role), named `<account>-<role name>` unless a name is given. */
export async function addProfile(
  ctx: ProfileContext,
  account: ProfileAccount,
  options: { roleArn?: string; name?: string } = {},
): Promise<{ name: string; changed: boolean }> {
  const name = assertProfileName(options.name ?? defaultProfileName(account.name, options.roleArn));
  if (name === 'default') {
    throw new BrokerError('invalid-argument', 'The default profile is only written by `cognito-broker use <account> --as-default`.', {
      hint: 'Pick another name with --name, or run `cognito-broker use <account> --as-default`.',
    });
  }
  return editConfig(ctx, (text, state) => {
    const wanted = spec(ctx.launcher, account, name, options.roleArn);
    assertNoClash(text, name);
    assertSameOwner(text, wanted);
    const next = upsertProfile(text, wanted, { createdFile: createdFile(text, state) });
    return { text: next, result: { name, changed: next !== text } };
  });
}

export type ProfileSelector = { name: string } | { account: string } | { all: true };

/**
 * Removes managed profiles; a name that is not ours is refused, never removed. When that leaves the file
 * empty and a removed section said `file=created`, the file is deleted: cognito-broker created it and it
 * never held anything else, so the user is back to having no config file, as before. A file the user
 * created (even empty) or a symlink stays, emptied of our sections only.
 */
export async function removeManagedProfiles(ctx: ConfigEditContext, selector: ProfileSelector): Promise<string[]> {
  // Nothing to remove must not create an empty config file or its folder.
  if ((await readConfigText(ctx.location.configFile)) === undefined) {
    if ('name' in selector) throw noSuchProfile(selector.name);
    return [];
  }
  return editConfig(ctx, (text) => {
    if ('name' in selector) {
      const { text: next, removed, createdFile: created } = removeProfiles(text, (e) => e.name === selector.name);
      if (!removed.length) {
        assertNoClash(text, selector.name);
        throw noSuchProfile(selector.name);
      }
      return { text: next, result: removed, remove: created && next === '' };
    }
    const { text: next, removed, createdFile: created } = removeProfiles(text, (e) => 'all' in selector || e.account === selector.account);
    return { text: next, result: removed, remove: created && next === '' };
  }).catch((error: unknown) => {
    if (error instanceof BrokerError && error.code === 'profile-clash' && 'name' in selector) {
      throw new BrokerError('profile-clash', `The profile "${selector.name}" was not written by cognito-broker, so it was left unchanged.`, {
        hint: 'cognito-broker only removes profiles it manages; edit your AWS config by hand to remove this one.',
      });
    }
    throw error;
  });
}

function noSuchProfile(name: string): BrokerError {
  return new BrokerError('invalid-argument', `There is no profile named "${name}" managed by cognito-broker.`, {
    hint: 'Run `cognito-broker profiles list` to see the managed profiles.',
  });
}

/** For removing an account everywhere (account-removal.ts): its profiles go with it. */
export async function removeAccountProfiles(account: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  return removeManagedProfiles({ location: awsConfigLocation(env) }, { account });
}

/**
 * `use <account>`: points the active profile (its name comes from the settings) at the account, and the
 * `default` profile too when asked. A `default` section we did not write stops the whole command before
 * anything changes.
 */
export async function useAccount(
  ctx: ProfileContext,
  account: ProfileAccount,
  options: { activeProfileName: string; asDefault: boolean; roleArn?: string },
): Promise<{ written: string[] }> {
  const active = assertProfileName(options.activeProfileName);
  return editConfig(ctx, (text, state) => {
    if (options.asDefault) assertNoClash(text, 'default');
    try {
      assertNoClash(text, active);
    } catch (error) {
      throw new BrokerError(
        'profile-clash',
        `The AWS config already has a profile named "${active}" that cognito-broker did not write, so it was left unchanged.`,
        {
          hint: 'Choose another name for the active profile in the settings (activeProfileName), or rename or remove your own section.',
          cause: error,
        },
      );
    }
    // These two names follow the user's choice of account: re-pointing them is what `use` is for.
    let next = upsertProfile(text, spec(ctx.launcher, account, active, options.roleArn), { createdFile: createdFile(text, state) });
    const written = [active];
    if (options.asDefault) {
      next = upsertProfile(next, spec(ctx.launcher, account, 'default', options.roleArn), { createdFile: createdFile(next, state) });
      written.push('default');
    }
    return { text: next, result: { written } };
  });
}
