import { listProfiles, upsertProfile, type ManagedProfileSpec } from '../../main/core/aws-config/profile-editor.js';

/**
 * `npm run bench`: reading the AWS config (listProfiles: split, find sections, markers, clashes) with one
 * line of 1 MiB, for the shapes that were quadratic or are the slowest linear ones (runs of blanks after a
 * key or a marker, headers made of quotes or escapes). The app parses synchronously, so this is how long
 * a hostile or broken config can hold it. Best of 5 per shape; the worst shape is the figure.
 */
const SIZE = 1024 * 1024;
const spec: ManagedProfileSpec = {
  name: 'cbtest-a',
  account: 'acct',
  region: 'eu-west-1',
  credentialProcess: '/usr/bin/node /opt/cb/cognito-broker.cjs credential-process acct',
};
const ours = upsertProfile('', spec);

const SHAPES: [string, string, string, string][] = [
  ['key, then blanks', 'key', ' ', 'x'],
  ['marker, then blanks and tabs', '# managed by cognito-broker: account=acct', ' \t', 'x'],
  ['header, then blanks', '[profile ', ' ', 'x]'],
  ['header of backslash escapes', '[profile ', ':\\', ']'],
  ['header of single-quoted pieces', "[profile '", "a''", "']"],
  ['header of double-quoted pieces', '[profile ', '=#"', '"]'],
  ['plain value', 'region = ', 'x', ''],
];

export function configParsingFigures(): { worstMs: number; worstShape: string; medianMs: number } {
  const times: [string, number][] = [];
  for (const [label, prefix, unit, end] of SHAPES) {
    const line = (prefix + unit.repeat(Math.ceil(SIZE / unit.length))).slice(0, SIZE - end.length) + end;
    const text = `${ours}${line}\n`;
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      listProfiles(text);
      best = Math.min(best, performance.now() - start);
    }
    times.push([label, best]);
  }
  const sorted = [...times].sort((a, b) => a[1] - b[1]);
  const worst = sorted[sorted.length - 1]!;
  return { worstMs: worst[1], worstShape: worst[0], medianMs: sorted[sorted.length >> 1]![1] };
}
