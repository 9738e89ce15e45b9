import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectShell, fishQuote, powershellQuote, setVariableLine } from '../../main/cli/commands/shell-syntax.js';

/**
 * The lines `export --format` and `use --shell` print set each value byte for byte: checked by running them in
 * real bash, zsh and fish. PowerShell is not installable on the CI machines: its quoting is checked by rule.
 */
const run = promisify(execFile);

const AWKWARD = [
  'plain',
  "it's",
  'double "quoted"',
  "back\\slash and \\' both",
  '$HOME `id` $(id) !event ~tilde *glob? [x] {a,b} #hash ;semi &amp |pipe',
  'new\nline\tand tab',
  'ünïcødé ‘curly’ quotes',
  'trailing backslash\\',
  '',
];

async function roundTrip(shell: 'bash' | 'zsh' | 'fish'): Promise<string[]> {
  const lines = AWKWARD.map((value, i) => setVariableLine(shell, `CB_VALUE_${i}`, value)).join('\n');
  const print = AWKWARD.map((_, i) => `printf '%s\\0' "$CB_VALUE_${i}"`).join('\n');
  // A child process reads them from its environment: the lines export, not only set.
  const child = `${process.execPath} -e "process.stdout.write(Object.keys(process.env).filter((k) => k.startsWith('CB_VALUE_')).length + '\\n')"`;
  const flags = { bash: ['--norc', '--noprofile'], zsh: ['-f'], fish: ['--no-config'] }[shell];
  const { stdout } = await run(shell, [...flags, '-c', `${lines}\n${print}\n${child}`]);
  const parts = stdout.split('\0');
  expect(parts.pop()).toBe(`${AWKWARD.length}\n`);
  return parts;
}

describe('shell syntax of variable lines', () => {
  it('bash, zsh and fish read back every value exactly, and export it to the programs they start', async () => {
    expect(await roundTrip('bash')).toEqual(AWKWARD);
    expect(await roundTrip('zsh')).toEqual(AWKWARD);
    expect(await roundTrip('fish')).toEqual(AWKWARD);
  }, 30_000);

  it("fish lines are `set -gx NAME value;` with only \\\\ and \\' escaped inside single quotes", () => {
    expect(setVariableLine('fish', 'AWS_REGION', 'eu-west-1')).toBe('set -gx AWS_REGION eu-west-1;');
    expect(fishQuote("a'b\\c$d")).toBe("'a\\'b\\\\c$d'");
  });

  it('PowerShell lines are $Env:NAME = single-quoted, with every kind of single quote doubled and nothing else touched', () => {
    expect(setVariableLine('powershell', 'AWS_PROFILE', 'dev')).toBe("$Env:AWS_PROFILE = 'dev'");
    expect(powershellQuote("it's")).toBe("'it''s'");
    // PowerShell ends a single-quoted string at U+2018..U+201B too.
    expect(powershellQuote('a\u2018b\u2019c\u201Ad\u201Be')).toBe("'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'");
    // $, backticks and double quotes are literal inside single quotes.
    expect(powershellQuote('$x `n "y"')).toBe('\'$x `n "y"\'');
    expect(setVariableLine('powershell', 'AWS_SESSION_TOKEN', "a'b")).toBe("$Env:AWS_SESSION_TOKEN = 'a''b'");
  });

  it('detects the shell from $SHELL, PowerShell from PSModulePath or Windows, and falls back to POSIX', () => {
    expect(detectShell({ SHELL: '/usr/bin/fish' }, 'linux')).toBe('fish');
    expect(detectShell({ SHELL: '/bin/zsh' }, 'darwin')).toBe('zsh');
    expect(detectShell({ SHELL: '/usr/local/bin/pwsh' }, 'linux')).toBe('powershell');
    expect(detectShell({ PSModulePath: 'C:\\x' }, 'linux')).toBe('powershell');
    expect(detectShell({}, 'win32')).toBe('powershell');
    expect(detectShell({ SHELL: '/bin/bash' }, 'linux')).toBe('bash');
    expect(detectShell({}, 'linux')).toBe('bash');
  });
});
