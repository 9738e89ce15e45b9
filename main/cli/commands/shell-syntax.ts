import { basename } from 'node:path';

/**
 * How each shell sets an environment variable, for output a person evaluates (`export --format`,
 * `use --shell`). Every value is quoted so the shell takes it byte for byte: nothing is expanded.
 */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** POSIX shell single quotes: nothing inside is expanded. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish single quotes: only `\'` and `\\` are escapes inside them (a newline is kept as it is). */
export function fishQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * PowerShell single-quoted string: nothing is expanded, and a quote is written twice. PowerShell also takes
 * the typographic single quotes (U+2018–U+201B) as quotes, so those are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c)}'`;
}

/** One line that sets NAME to value in the shell's environment (exported to the programs it starts). */
export function setVariableLine(shell: Shell, name: string, value: string): string {
  switch (shell) {
    case 'fish':
      return `set -gx ${name} ${fishQuote(value)};`;
    case 'powershell':
      return `$Env:${name} = ${powershellQuote(value)}`;
    default:
      return `export ${name}=${shellQuote(value)}`;
  }
}

/**
 * The person's shell as far as the environment tells: $SHELL names a login shell on Unix; PowerShell sets
 * PSModulePath (and on Windows there is no $SHELL). Anything else is taken as a POSIX shell.
 */
export function detectShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Shell {
  const name = env.SHELL ? basename(env.SHELL).replace(/\.exe$/i, '') : '';
  if (name === 'fish') return 'fish';
  if (name === 'zsh') return 'zsh';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (!name && (platform === 'win32' || env.PSModulePath)) return 'powershell';
  return 'bash';
}
