import type { ProfileView } from '../../contract/profile-view.js';
import { readConfigText } from './config-edit.js';
import { splitLines, textToUtf8 } from './config-lines.js';
import type { AwsConfigLocation } from './config-location.js';
import { lineKey, parseSections } from './config-sections.js';
import { listProfiles, type ManagedProfileEntry } from './profile-editor.js';

/*
 * What the window and `profiles list` show of the managed profiles: read-only, and with a warning wherever the
 * AWS CLI would not use a profile as written (keys in the credentials file, a duplicate, a missing line).
 */

/** The account the active profile points at, if we manage it. */
export async function activeAccount(location: AwsConfigLocation, activeProfileName: string): Promise<string | undefined> {
  const text = await readConfigText(location.configFile);
  return text === undefined ? undefined : listProfiles(text).find((e) => e.name === activeProfileName)?.account;
}

/** Names of credentials-file sections, and whether each holds keys (which the AWS CLI prefers to credential_process). */
function credentialsSections(text: string): Map<string, boolean> {
  const lines = splitLines(text);
  const out = new Map<string, boolean>();
  for (const s of parseSections(lines)) {
    // The credentials file has no `profile ` prefix: a section's name is the raw name, `[profile x]` there is
    // literally a profile "profile x".
    const name = textToUtf8(s.header.raw);
    let keys = false;
    for (let i = s.start + 1; i < s.end; i++) if (lineKey(lines[i]!.text) === 'aws_access_key_id') keys = true;
    out.set(name, (out.get(name) ?? false) || keys);
  }
  return out;
}

export async function listProfileViews(location: AwsConfigLocation): Promise<ProfileView[]> {
  const config = await readConfigText(location.configFile);
  if (config === undefined) return [];
  const credentials = credentialsSections((await readConfigText(location.credentialsFile)) ?? '');
  return listProfiles(config).map((entry) => view(entry, credentials, location));
}

function view(entry: ManagedProfileEntry, credentials: Map<string, boolean>, location: AwsConfigLocation): ProfileView {
  const out: ProfileView = { name: entry.name, account: entry.account, region: entry.region ?? '', effective: true };
  if (entry.roleArn) out.roleArn = entry.roleArn;
  const shadow = credentials.get(entry.name);
  if (shadow === true) {
    out.effective = false;
    out.warning = `${location.credentialsFile} has a [${entry.name}] section with keys, which the AWS CLI uses instead of this profile; remove that section to use it.`;
  } else if (shadow === false) {
    out.warning = `${location.credentialsFile} has a [${entry.name}] section whose settings override this profile's.`;
  } else if (entry.duplicate) {
    out.effective = false;
    // Two identical headers make the AWS CLI refuse the file; two spellings of one name (`[profile 'x']`)
    // make each reader use one of them, not necessarily ours.
    out.warning = `The config defines the profile "${entry.name}" in more than one section, so the AWS CLI refuses the file or uses only one of them; remove the other section.`;
  } else if (!entry.credentialProcess) {
    out.effective = false;
    out.warning = 'Its credential_process line is missing; run `cognito-broker profiles sync` or add the profile again.';
  }
  return out;
}
