import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../../main/core/errors.js';
import { allProfileNames, listProfiles, removeProfiles, upsertProfile, type ManagedProfileSpec } from '../../../main/core/aws-config/profile-editor.js';

const dev: ManagedProfileSpec = {
  name: 'dev',
  account: 'dev',
  region: 'eu-west-1',
  credentialProcess: '/usr/bin/node /opt/cb/cognito-broker.cjs credential-process dev',
};

function clash(fn: () => unknown): BrokerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected a profile-clash error');
}

describe('profile editor', () => {
  it('writes the documented shape: header, marker, credential_process, region, after one blank line', () => {
    expect(upsertProfile('[default]\nregion = us-east-1\n', { ...dev, roleArn: 'arn:aws:iam::123456789012:role/Admin' })).toBe(
      '[default]\nregion = us-east-1\n\n[profile dev]\n# managed by cognito-broker: account=dev role=arn:aws:iam::123456789012:role/Admin\n' +
        'credential_process = /usr/bin/node /opt/cb/cognito-broker.cjs credential-process dev\nregion = eu-west-1\n',
    );
    expect(upsertProfile('', dev)).toBe(
      '[profile dev]\n# managed by cognito-broker: account=dev\ncredential_process = /usr/bin/node /opt/cb/cognito-broker.cjs credential-process dev\nregion = eu-west-1\n',
    );
  });

  it("uses the file's own line ending and keeps a missing final newline missing", () => {
    const crlf = upsertProfile('[default]\r\nregion = a\r\n', dev);
    expect(crlf.split('\r\n')).toHaveLength(8);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const noFinal = upsertProfile('[default]\nregion = a', dev);
    expect(noFinal.endsWith('region = eu-west-1')).toBe(true);
    expect(removeProfiles(noFinal, () => true).text).toBe('[default]\nregion = a');
  });

  it('writes [default] for the default profile and recognises it again', () => {
    const text = upsertProfile('', { ...dev, name: 'default' });
    expect(text.startsWith('[default]\n# managed by cognito-broker: account=dev\n')).toBe(true);
    expect(listProfiles(text).map((e) => e.name)).toEqual(['default']);
  });

  it('keeps keys and comments a user added inside our section, and updates only our keys', () => {
    const ours = upsertProfile('', dev);
    const userEdited = ours.replace('region = eu-west-1\n', 'region = eu-west-1\n# my note\noutput = json\ncli_pager =\n');
    const updated = upsertProfile(userEdited, { ...dev, region: 'us-west-2', roleArn: 'arn:aws:iam::123456789012:role/Ops' });
    expect(updated).toBe(
      '[profile dev]\n# managed by cognito-broker: account=dev role=arn:aws:iam::123456789012:role/Ops\n' +
        'credential_process = /usr/bin/node /opt/cb/cognito-broker.cjs credential-process dev\nregion = us-west-2\n# my note\noutput = json\ncli_pager =\n',
    );
  });

  it('puts back a key of ours the user deleted, right under the marker', () => {
    const ours = upsertProfile('', dev).replace('region = eu-west-1\n', 'output = json\n');
    expect(upsertProfile(ours, dev)).toBe(
      '[profile dev]\n# managed by cognito-broker: account=dev\nregion = eu-west-1\ncredential_process = /usr/bin/node /opt/cb/cognito-broker.cjs credential-process dev\noutput = json\n',
    );
  });

  it('finds its marker even when the user put lines between it and the header', () => {
    const ours = upsertProfile('', dev).replace('[profile dev]\n', '[profile dev]\noutput = text\n');
    expect(listProfiles(ours)).toEqual([{ name: 'dev', account: 'dev', region: 'eu-west-1', credentialProcess: dev.credentialProcess, duplicate: false }]);
    expect(upsertProfile(ours, dev)).toBe(ours);
  });

  it('never takes over a profile it did not write: [profile x], [default], quoted and spaced names', () => {
    for (const [text, name] of [
      ['[profile dev]\nregion = x\n', 'dev'],
      ['[profile   dev  ]\n', 'dev'],
      ['[profile "dev"]\n', 'dev'],
      ['[default]\nregion = x\n', 'default'],
      ['[profile default]\n', 'default'],
    ] as const) {
      const error = clash(() => upsertProfile(text, { ...dev, name }));
      expect(error.code).toBe('profile-clash');
      expect(error.message).toContain(`"${name}"`);
      expect(error.hint).toMatch(name === 'default' ? /\[default\]/ : /--name NAME/);
    }
  });

  it('is not fooled by a section header in a comment; one nested in an s3 block is a clash only because the JS SDK reads it', () => {
    const text = '[default]\ns3 =\n  # [profile dev]\n# [profile dev]\n';
    expect(allProfileNames(text)).toEqual(['default']);
    expect(listProfiles(upsertProfile(text, dev)).map((e) => e.name)).toEqual(['dev']);
    // configparser continues the s3 value here (botocore then refuses the file), but the JS SDK trims every
    // line and reads `[profile dev]` with the keys under it: ours would merge into it there.
    const nested = '[default]\ns3 =\n  [profile dev]\n  region = x\n';
    expect(allProfileNames(nested)).toEqual(['default']);
    expect(clash(() => upsertProfile(nested, dev)).code).toBe('profile-clash');
  });

  it('does not treat sso-session or services sections of the same name as profiles', () => {
    const text = '[sso-session dev]\nsso_region = eu-west-1\n[services dev]\n';
    expect(removeProfiles(upsertProfile(text, dev), () => true).text).toBe(text);
  });

  it('removes only what matches, and reports names once', () => {
    let text = upsertProfile('# mine\n', dev);
    text = upsertProfile(text, { ...dev, name: 'dev-admin', roleArn: 'arn:aws:iam::123456789012:role/Admin' });
    text = upsertProfile(text, { ...dev, name: 'ops', account: 'ops' });
    const byAccount = removeProfiles(text, (e) => e.account === 'dev');
    expect(byAccount.removed).toEqual(['dev', 'dev-admin']);
    expect(listProfiles(byAccount.text).map((e) => e.name)).toEqual(['ops']);
    expect(removeProfiles(byAccount.text, () => true).text).toBe('# mine\n');
    expect(removeProfiles('# nothing\n', () => true)).toEqual({ text: '# nothing\n', removed: [], createdFile: false });
  });

  it('keeps a user comment written right after our section (it belongs to what follows)', () => {
    const text = `${upsertProfile('[default]\n', dev)}# prod below\n[profile prod]\nregion = x\n`;
    expect(removeProfiles(text, () => true).text).toBe('[default]\n# prod below\n[profile prod]\nregion = x\n');
  });

  it('keeps non-UTF-8 bytes and a BOM as they are, and writes UTF-8 for our own values', () => {
    const latin1 = '\xEF\xBB\xBF# caf\xE9\n';
    const text = upsertProfile(latin1, { ...dev, credentialProcess: '"/opt/café/cb" credential-process dev' });
    expect(Buffer.from(text, 'latin1').toString('utf8')).toContain('"/opt/café/cb"');
    expect(listProfiles(text)[0]!.credentialProcess).toBe('"/opt/café/cb" credential-process dev');
    expect(removeProfiles(text, () => true).text).toBe(latin1);
  });

  it('recognises every spelling of a profile name the AWS CLI, boto3 or the JS SDK reads (measured in aws-cli-reads.test.ts)', () => {
    for (const header of [
      "[profile 'dev']",
      '[profile  "dev" ]',
      '[profile\tdev]',
      "[profile d'e'v]",
      '[profile d\\ev]',
      '[profiles dev]',
      '[profile-old dev]',
      '[profile.dev]',
      '[profile dev] ; note',
      '[profile dev]x',
    ]) {
      const error = clash(() => upsertProfile(`${header}\nregion = us-west-2\n`, dev));
      expect(error.code, header).toBe('profile-clash');
      expect(error.describe()).toBe(
        'The AWS config already has a profile named "dev" that cognito-broker did not write, so it was left unchanged.\nChoose another name with --name NAME, or rename or remove your own section first.',
      );
    }
    for (const header of ["[profile 'default']", '[profile default]', '[profile.default]'])
      expect(clash(() => upsertProfile(`${header}\n`, { ...dev, name: 'default' })).hint).toMatch(/\[default\]/);
    // Not "dev" to any of them: written beside it.
    for (const header of ['[ profile dev]', '[profile dev #x]', "[profile 'dev]", '[Profile dev]', '[profile dev extra]', '[profile "d ev"]', '[profiledev]']) {
      expect(
        listProfiles(upsertProfile(`${header}\nregion = x\n`, dev)).map((e) => e.name),
        header,
      ).toEqual(['dev']);
    }
  });

  it('a spelling added after our section makes it a duplicate, and the next update is refused', () => {
    const text = `${upsertProfile('', dev)}[profile 'dev']\nregion = x\n`;
    expect(listProfiles(text)[0]!.duplicate).toBe(true);
    expect(clash(() => upsertProfile(text, dev)).code).toBe('profile-clash');
  });

  it('flags a profile defined twice (the AWS CLI refuses such a file)', () => {
    const text = upsertProfile('', dev);
    expect(listProfiles(text + text)[0]!.duplicate).toBe(true);
  });
});
