import type { ParseArgsConfig } from 'node:util';

/**
 * The options of a command, each declared once: its type, the name of its value, its help line and what the
 * shell completes for its value. Parsing (node:util parseArgs), the Options part of `--help`, the parsed
 * values' types and the completion scripts are all derived from the one declaration.
 */

/** What a value completes to: a registered account, a role ARN, a file, a program, or one of fixed words. */
export type Completion = 'account' | 'role' | 'file' | 'command' | readonly string[];

interface OptionBase {
  /** One line of help; long lines are wrapped under the help column. */
  help: string;
  /** Still parsed (to refuse it with a sentence saying why) but neither shown in help nor completed. */
  hidden?: boolean;
}

export interface FlagOption extends OptionBase {
  type: 'boolean';
}

export interface ValueOption extends OptionBase {
  type: 'string';
  /** The value's name in help: `--role ARN`. */
  value: string;
  multiple?: boolean;
  completes?: Completion;
}

export type CliOption = FlagOption | ValueOption;
export type CliOptions = Readonly<Record<string, CliOption>>;

type ValueOf<T> = T extends { type: 'boolean' } ? boolean : T extends { multiple: true } ? string[] : 'multiple' extends keyof T ? string | string[] : string;

/** The parsed values of declared options: a flag is a boolean, a value a string, a repeatable value a list. */
export type OptionValues<O extends CliOptions> = { [K in keyof O]?: ValueOf<O[K]> };

/** The parseArgs configuration of declared options. */
export function parseArgsOptions(options: CliOptions): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries(options)) {
    out[name] = option.type === 'string' && option.multiple ? { type: 'string', multiple: true } : { type: option.type };
  }
  return out;
}

/** `--role ARN`, `--json`. */
export function optionLabel(name: string, option: CliOption): string {
  return option.type === 'string' ? `--${name} ${option.value}` : `--${name}`;
}

const HELP_WIDTH = 110;
/** Labels longer than this get their help on the line below rather than pushing every column right. */
const MAX_LABEL = 38;

/** The Options part of a command's help: one line (or a wrapped paragraph) per visible option. */
export function optionsHelp(options: CliOptions): string {
  const visible = Object.entries(options).filter(([, option]) => !option.hidden);
  if (!visible.length) return '';
  const labels = visible.map(([name, option]) => optionLabel(name, option));
  const column = Math.min(MAX_LABEL, Math.max(...labels.map((l) => l.length))) + 6;
  const lines: string[] = [];
  visible.forEach(([, option], i) => {
    const label = `  ${labels[i]}`;
    const text = wrap(option.help, HELP_WIDTH - column);
    if (label.length + 2 > column) {
      lines.push(label);
      for (const line of text) lines.push(' '.repeat(column) + line);
      return;
    }
    text.forEach((line, n) => lines.push(n === 0 ? label.padEnd(column) + line : ' '.repeat(column) + line));
  });
  return `Options:\n${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
