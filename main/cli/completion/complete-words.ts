import type { Completion } from '../cli-options.js';
import { optionLabel } from '../cli-options.js';
import type { CliCommand } from '../command.js';

/**
 * What the shell should offer for the word under the cursor, worked out from the command and option
 * declarations (the shells' scripts only display it). Names that live in the broker home (accounts, their
 * roles) are asked for by kind and filled in by the caller, which reads the account store, never the keychain.
 */
export interface Candidate {
  value: string;
  description?: string;
}

export type Directive = 'none' | 'files' | 'commands';

export interface CompletionPlan {
  candidates: Candidate[];
  /** Names to look up in the broker home and add, filtered by the same prefix. */
  lookup?: 'account' | 'role';
  /** The shell's own completion to use instead (file names, programs). */
  directive: Directive;
  /** The account the command line names, for role candidates. */
  account?: string;
}

const GLOBAL_FLAGS: Candidate[] = [
  { value: '--help', description: 'show help for a command' },
  { value: '--debug', description: 'show stack traces of errors' },
];

/** `words` are the words before the cursor (after the program name); `current` is the one being typed. */
export function completeWords(commands: readonly CliCommand[], words: readonly string[], current: string): CompletionPlan {
  const visible = commands.filter((c) => !c.hidden);
  let i = 0;
  while (i < words.length && ['--debug', '--help', '-h', '--version'].includes(words[i] ?? '')) i++;
  let path = '';
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word.startsWith('-')) break;
    const next = path ? `${path} ${word}` : word;
    if (!visible.some((c) => c.name === next || c.name.startsWith(`${next} `))) break;
    path = next;
  }
  const command = visible.find((c) => c.name === path);
  const subCommands = (prefix: string): Candidate[] => {
    const seen = new Map<string, Candidate>();
    for (const c of visible) {
      if (prefix && !c.name.startsWith(`${prefix} `)) continue;
      const word = c.name.slice(prefix ? prefix.length + 1 : 0).split(' ')[0] ?? '';
      const whole = prefix ? `${prefix} ${word}` : word;
      if (!seen.has(word)) seen.set(word, { value: word, description: visible.find((x) => x.name === whole)?.summary ?? `${whole} commands` });
    }
    return [...seen.values()];
  };
  const plan = (p: CompletionPlan): CompletionPlan => ({ ...p, candidates: p.candidates.filter((c) => c.value.startsWith(current)) });

  if (!command) {
    if (current.startsWith('-')) return plan({ candidates: [...GLOBAL_FLAGS, { value: '--version', description: 'print the version' }], directive: 'none' });
    return plan({ candidates: subCommands(path), directive: 'none' });
  }

  // The words after the command: option values are skipped, the rest are positional arguments.
  const rest = words.slice(i);
  const dashDash = rest.indexOf('--');
  if (dashDash !== -1) {
    // After `--` (exec): the program to run, then its own arguments.
    return plan({ candidates: [], directive: rest.length - dashDash - 1 === 0 ? 'commands' : 'files' });
  }
  let positionals = 0;
  let account: string | undefined;
  let pendingValue: Completion | undefined | null = null;
  for (const word of rest) {
    if (pendingValue !== null) {
      pendingValue = null;
      continue;
    }
    if (word.startsWith('--')) {
      const option = command.options[word.slice(2)];
      if (option?.type === 'string' && !word.includes('=')) pendingValue = option.completes;
      continue;
    }
    if (word.startsWith('-')) continue;
    if (positionals === 0 && command.arguments?.[0] === 'account') account = word;
    positionals++;
  }
  const withAccount = account === undefined ? {} : { account };
  if (pendingValue !== null) return plan({ ...valuePlan(pendingValue), ...withAccount });
  if (current.startsWith('-')) {
    const candidates = Object.entries(command.options)
      .filter(([, option]) => !option.hidden)
      .map(([name, option]) => ({ value: `--${name}`, description: option.help.split(/[.;(]/)[0]?.trim() ?? optionLabel(name, option) }));
    return plan({ candidates: [...candidates, ...GLOBAL_FLAGS], directive: 'none' });
  }
  // A command that is also a group (`signup` and `signup confirm`) offers its sub-commands before its argument.
  const more = positionals === 0 && rest.length === 0 ? subCommands(path).filter((c) => c.value !== '') : [];
  const kinds = command.arguments ?? [];
  const kind = positionals < command.positionals[1] ? kinds[Math.min(positionals, kinds.length - 1)] : undefined;
  const base = valuePlan(kinds.length ? kind : undefined);
  return plan({ ...base, candidates: [...more, ...base.candidates], ...withAccount });
}

function valuePlan(kind: Completion | undefined): CompletionPlan {
  if (kind === undefined) return { candidates: [], directive: 'none' };
  if (typeof kind !== 'string') return { candidates: kind.map((value) => ({ value })), directive: 'none' };
  if (kind === 'file') return { candidates: [], directive: 'files' };
  if (kind === 'command') return { candidates: [], directive: 'commands' };
  return { candidates: [], directive: 'none', lookup: kind };
}
