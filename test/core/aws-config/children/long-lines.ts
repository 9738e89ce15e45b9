import fc from 'fast-check';
import { allProfileNames, listProfiles, removeProfiles, upsertProfile, type ManagedProfileSpec } from '../../../../main/core/aws-config/profile-editor.js';

/**
 * The config editor on generated files with one very long line, in a process of its own so the test can
 * stop it: quadratic parsing of a megabyte line takes hours and is synchronous, so it could not be
 * interrupted in the test's own process. For each generated line it times every read and edit the store
 * does (best of 3) at two sizes, SIZE and SIZE/16, and prints one JSON line per run; the parent judges.
 *   long-lines <size> <runs> <seed>
 */
const [size, runs, seed] = process.argv.slice(2).map(Number) as [number, number, number];
const spec: ManagedProfileSpec = {
  name: 'cbtest-a',
  account: 'acct',
  region: 'eu-west-1',
  credentialProcess: '/usr/bin/node /opt/cb/cognito-broker.cjs credential-process acct',
};
const ours = upsertProfile('', spec);

// Starts of lines that send each parser down another path, and the characters that matter to them.
const prefix = fc.constantFrom(
  '',
  '  ',
  'key',
  'key =',
  'region = ',
  '[',
  '[profile ',
  "[profile '",
  '[profile "',
  '[default',
  '# managed by cognito-broker:',
  '# managed by cognito-broker: account=acct',
  '; ',
  '#',
  's3 =',
);
// What repeats for a megabyte: a run of blanks (what backtracking patterns choke on) or a short mix.
const unit = fc.oneof(
  fc.constantFrom(' ', '\t', ' \t', '  x'),
  fc
    .array(fc.constantFrom(' ', ' ', '\t', '=', ':', '#', ';', '[', ']', '"', "'", '\\', 'a', 'profile', '.', '\xA0', '\xC3\xA9'), {
      minLength: 1,
      maxLength: 8,
    })
    .map((parts) => parts.join('')),
);
const suffix = fc.constantFrom('', 'x', '=', ']', 'x]', "'", '"]', ' # c');
const context = fc.constantFrom<[string, string]>(['', ''], ['[default]\nregion = x\n', ''], [ours, ''], ['', `\n${ours}`], ['[profile cbtest-a]\n', '']);

function line(p: string, u: string, end: string, length: number): string {
  return (p + u.repeat(Math.ceil(length / u.length))).slice(0, length - end.length) + end;
}

function work(text: string): void {
  listProfiles(text);
  allProfileNames(text);
  try {
    upsertProfile(text, spec);
  } catch {
    // A clash is an answer too; only the time matters here.
  }
  removeProfiles(text, () => true);
}

function best(text: string): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    work(text);
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

fc.assert(
  fc.property(prefix, unit, suffix, context, (p, u, end, [before, after]) => {
    const big = `${before}${line(p, u, end, size)}\n${after}`;
    const small = `${before}${line(p, u, end, size / 16)}\n${after}`;
    const smallMs = best(small);
    const bigMs = best(big);
    process.stdout.write(`${JSON.stringify({ line: JSON.stringify(`${p}${u}…${end}`).slice(0, 60), context: before.slice(0, 20), bigMs, smallMs })}\n`);
  }),
  {
    numRuns: runs,
    seed,
    endOnFailure: true,
    // The shapes that were quadratic (a key followed by a run of blanks, a marker line ending in blanks and
    // a word) are always tried first; the generator looks for others.
    examples: [
      ['key', ' ', 'x', ['', '']],
      ['# managed by cognito-broker: account=acct', ' \t', 'x', [ours, '']],
      ['[profile ', ' ', 'x]', ['', '']],
    ],
  },
);
