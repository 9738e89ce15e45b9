import type { z } from 'zod';

/**
 * Turns zod issues into the sentence a person reads: `accounts[1].region: an AWS region such as eu-west-1`.
 * Values are never echoed: the file is not supposed to hold secrets, but a hand-edited one might.
 */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function describeIssue(issue: z.core.$ZodIssue, prefix = ''): string {
  const where = formatIssuePath(issue.path, prefix);
  return `${where}: ${issueText(issue)}`;
}

function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${article(issue.expected)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      if (issue.keys.some((k) => /secret/i.test(k))) {
        return `unknown field ${keys}; secrets are never read from account files (use \`cognito-broker account add --client-secret-stdin\`)`;
      }
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : issue.message;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'an object';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Line and column (1-based) of a JSON.parse failure, from V8's "at position N" when it gives one. */
export function jsonErrorLocation(text: string, error: unknown): string {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match) return '';
  const pos = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
