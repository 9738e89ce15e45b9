import fc from 'fast-check';
import type { ManagedProfileSpec } from '../../../main/core/aws-config/profile-editor.js';

/**
 * Random AWS config files made of everything users really put in them — and things they should not —
 * as latin1 text (one character per byte) so non-UTF-8 bytes are represented exactly.
 */
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r');

const header = fc.constantFrom(
  '[default]',
  '[profile dev]',
  '[profile prod]',
  '[profile dev]',
  '[sso-session corp]',
  '[services local-endpoints]',
  '  [profile indented]',
  '[profile   spaced  ]',
  '[profile "quoted name"]',
  '[plugins]',
  '[preview]',
  '[profile caf\xE9]',
  '[default] ; trailing comment',
);

const key = fc.constantFrom(
  'region',
  'output',
  'role_arn',
  'source_profile',
  'sso_session',
  'sso_start_url',
  'aws_access_key_id',
  'credential_process',
  'cli_pager',
  'endpoint_url',
  'REGION',
  'mfa_serial',
);
const value = fc.oneof(
  fc.constantFrom(
    'eu-west-1',
    'json',
    'arn:aws:iam::123456789012:role/Admin',
    'https://example.awsapps.com/start',
    '',
    '/usr/bin/helper --x "a b"',
    'caf\xE9 \xFF\xFE',
  ),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '')),
);
const keyLine = fc
  .tuple(fc.constantFrom('', '', ' ', '\t'), key, fc.constantFrom(' = ', '=', ' =', ' : ', '   =   '), value)
  .map(([i, k, s, v]) => `${i}${k}${s}${v}`);

const subSection = fc
  .tuple(fc.constantFrom('s3 =', 'dynamodb =', 's3='), fc.array(fc.tuple(fc.constantFrom('  ', '    ', '\t'), keyLine), { minLength: 1, maxLength: 3 }))
  .map(([h, rest]) => [h, ...rest.map(([i, l]) => `${i}${l.trimStart()}`)]);

const comment = fc.constantFrom(
  '# a comment',
  '; semicolon comment',
  '   # indented comment',
  '#',
  '# managed by someone else',
  '# [profile dev]',
  '# caf\xE9 \x80\x81 not utf-8',
);
const blank = fc.constantFrom('', '', '   ', '\t');
const garbage = fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a && b !== 0x0d)).toString('latin1'));

const item: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: header.map((h) => [h]) },
  { weight: 5, arbitrary: keyLine.map((l) => [l]) },
  { weight: 1, arbitrary: subSection },
  { weight: 2, arbitrary: comment.map((c) => [c]) },
  { weight: 2, arbitrary: blank.map((b) => [b]) },
  { weight: 1, arbitrary: garbage.map((g) => [g]) },
);

export const configText: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(item, { maxLength: 25 }), fc.boolean(), fc.infiniteStream(eol), fc.constantFrom('uniform', 'mixed'))
  .map(([bom, items, finalEol, eols, style]) => {
    const lines = items.flat();
    const first = eols.next().value as string;
    let out = bom ? '\xEF\xBB\xBF' : '';
    lines.forEach((line, i) => {
      out += line;
      const ending = style === 'uniform' ? first : (eols.next().value as string);
      if (i < lines.length - 1 || finalEol) out += ending;
    });
    return out;
  });

/** Lines a user might type after one of our sections (possibly inside it). */
export const userTail: fc.Arbitrary<string> = fc.array(item, { maxLength: 6 }).map((items) =>
  items
    .flat()
    .map((l) => `${l}\n`)
    .join(''),
);

const ourName = fc.constantFrom('cbtest-a', 'cbtest-b', 'cbtest-c', 'cbtest-active');
export const profileSpec: fc.Arbitrary<ManagedProfileSpec> = fc
  .record({
    name: ourName,
    account: fc.constantFrom('acct', 'other.acct', 'x_1'),
    roleArn: fc.option(fc.constantFrom('arn:aws:iam::123456789012:role/Admin', 'arn:aws:iam::210987654321:role/team/Dev'), { nil: undefined }),
    region: fc.constantFrom('eu-west-1', 'us-east-1'),
    credentialProcess: fc.constantFrom(
      '/usr/bin/node /opt/cb/dist/cli/cognito-broker.cjs credential-process acct',
      '"/Applications/Cognito Broker.app/Contents/MacOS/cognito-broker" credential-process acct',
      '/opt/caf\u00e9/cb credential-process acct',
    ),
  })
  .map((s): ManagedProfileSpec =>
    s.roleArn === undefined ? { name: s.name, account: s.account, region: s.region, credentialProcess: s.credentialProcess } : { ...s, roleArn: s.roleArn },
  );
