import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BrokerError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { accountsFile, locksDir } from '../paths.js';
import { accountSchema, accountsFileSchema, type Account, type AccountInput } from './account.js';
import { describeIssue, jsonErrorLocation } from './account-validation.js';

/**
 * Account definitions: one JSON file (`accounts.json` in the broker home) shared by the CLI and the app.
 *
 * - Reading validates the whole file; a malformed or hand-edited file is an error naming the file, the
 *   field and what is wrong, and it is never overwritten (every write re-reads and re-validates first).
 * - Writes are read → change → atomic replace, under a cross-process lock, so the app and any number of
 *   CLI processes never lose each other's updates.
 * - No secrets: a client secret lives in the keychain and the file only says `hasClientSecret`.
 */

const LOCK_TIMEOUT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

function lockPath(home: string): string {
  return join(locksDir(home), 'accounts.lock');
}

function invalidFile(file: string, detail: string): BrokerError {
  return new BrokerError('config-invalid', `The accounts file ${file} is not valid: ${detail}.`, {
    hint: 'Fix that entry (or move the file away); Cognito Broker leaves the file unchanged until it is valid.',
  });
}

/** Parse and validate the text of an accounts file. `file` only names it in errors. */
export function parseAccountsFile(text: string, file: string): Account[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidFile(file, `it is not JSON${jsonErrorLocation(text, error)}`);
  }
  const parsed = accountsFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw invalidFile(file, firstIssues(parsed.error));
  const seen = new Set<string>();
  parsed.data.accounts.forEach((account, index) => {
    if (seen.has(account.name)) throw invalidFile(file, `accounts[${index}].name: "${account.name}" appears twice`);
    seen.add(account.name);
  });
  return parsed.data.accounts;
}

function firstIssues(error: z.ZodError, prefix = ''): string {
  const lines = error.issues.slice(0, 3).map((issue) => describeIssue(issue, prefix));
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return lines.join('; ') + more;
}

async function readAccountsText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new BrokerError('config-io', `Cannot read the accounts file ${file} (${code ?? 'unknown error'}).`, {
      hint: code === 'EISDIR' ? 'A folder is in the way: move it and try again.' : 'Check that the file exists and that you may read it.',
      cause: error,
    });
  }
}

/** Every account, in file order. A missing file means no accounts yet. */
export async function loadAccounts(home: string): Promise<Account[]> {
  const file = accountsFile(home);
  const text = await readAccountsText(file);
  return text === null ? [] : parseAccountsFile(text, file);
}

export async function findAccount(home: string, name: string): Promise<Account | undefined> {
  return (await loadAccounts(home)).find((a) => a.name === name);
}

export async function getAccount(home: string, name: string): Promise<Account> {
  const accounts = await loadAccounts(home);
  const account = accounts.find((a) => a.name === name);
  if (!account) throw accountNotFound(name, accounts);
  return account;
}

function accountNotFound(name: string, accounts: Account[]): BrokerError {
  const known = accounts.map((a) => a.name);
  return new BrokerError('account-not-found', `There is no account named "${name}".`, {
    hint: known.length
      ? `Known accounts: ${known.join(', ')}. Add one with \`cognito-broker account add\`.`
      : 'No accounts yet: add one with `cognito-broker account add` or `cognito-broker account import <file.json>`.',
  });
}

function accountExists(name: string): BrokerError {
  return new BrokerError('account-exists', `An account named "${name}" already exists.`, {
    hint: `Choose another name, or remove it first with \`cognito-broker account remove ${name}\`.`,
  });
}

/** Validate one account definition from a person or a program (not from the file). */
export function validateAccount(input: unknown, prefix = ''): Account {
  const parsed = accountSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new BrokerError('invalid-argument', `The account is not valid: ${firstIssues(parsed.error, prefix)}.`);
  }
  return parsed.data;
}

/**
 * Run `change` on the current accounts under the lock and write the result atomically. The file is
 * re-read inside the lock, so a concurrent writer's update is never lost, and re-validated, so a file
 * someone broke by hand is never replaced.
 */
async function mutateAccounts<T>(home: string, change: (accounts: Account[]) => { accounts: Account[]; result: T }): Promise<T> {
  await mkdir(locksDir(home), { recursive: true, mode: 0o700 });
  return withFileLock(
    lockPath(home),
    async () => {
      const file = accountsFile(home);
      const text = await readAccountsText(file);
      const current = text === null ? [] : parseAccountsFile(text, file);
      const { accounts, result } = change(current);
      const body = `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`;
      // noFollow: a link planted at accounts.json is replaced, never written through.
      await writeFileAtomic(file, body, { mode: 0o600, noFollow: true });
      return result;
    },
    { timeoutMs: LOCK_TIMEOUT_MS, staleMs: LOCK_STALE_MS },
  );
}

export async function addAccount(home: string, input: AccountInput): Promise<Account> {
  const account = validateAccount(input);
  return mutateAccounts(home, (accounts) => {
    if (accounts.some((a) => a.name === account.name)) throw accountExists(account.name);
    return { accounts: [...accounts, account], result: account };
  });
}

/**
 * Replace the definition of `name`. Renaming is refused: keychain entries and ~/.aws/config profiles are
 * keyed by the name, so a rename is a remove plus an add.
 */
export async function updateAccount(home: string, name: string, input: AccountInput | ((current: Account) => AccountInput)): Promise<Account> {
  return mutateAccounts(home, (accounts) => {
    const index = accounts.findIndex((a) => a.name === name);
    const current = accounts[index];
    if (!current) throw accountNotFound(name, accounts);
    const next = validateAccount(typeof input === 'function' ? input(current) : input);
    if (next.name !== name) {
      throw new BrokerError('invalid-argument', `Account "${name}" cannot be renamed to "${next.name}".`, {
        hint: 'Remove it and add it again under the new name.',
      });
    }
    const copy = [...accounts];
    copy[index] = next;
    return { accounts: copy, result: next };
  });
}

/**
 * Remove `name` from the file and return its definition. Only the file: the keychain entries and the
 * ~/.aws/config profiles are removed by `deleteAccount` (account-removal.ts), which calls this.
 */
export async function removeAccount(home: string, name: string): Promise<Account> {
  return mutateAccounts(home, (accounts) => {
    const account = accounts.find((a) => a.name === name);
    if (!account) throw accountNotFound(name, accounts);
    return { accounts: accounts.filter((a) => a !== account), result: account };
  });
}

/**
 * Definitions from an administrator's file: one account object, an array of them, or a whole accounts
 * file (`{ version: 1, accounts: [...] }`). Everything is validated before anything is added, and a name
 * that already exists (or appears twice) refuses the whole import.
 */
export function parseImport(json: string, source = 'The import file'): Account[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new BrokerError('invalid-argument', `${source} is not JSON${jsonErrorLocation(json, error)}.`, {
      hint: 'An import file holds one account object, a list of them, or {"version": 1, "accounts": [...]}.',
    });
  }
  let items: unknown[];
  let prefix: (i: number) => string;
  if (Array.isArray(raw)) {
    items = raw;
    prefix = (i) => `[${i}]`;
  } else if (raw !== null && typeof raw === 'object' && 'accounts' in raw) {
    const wrapper = z
      .object({ version: z.literal(1), accounts: z.array(z.unknown()) })
      .strict()
      .safeParse(raw, { reportInput: true });
    if (!wrapper.success) throw importInvalid(source, firstIssues(wrapper.error));
    items = wrapper.data.accounts;
    prefix = (i) => `accounts[${i}]`;
  } else if (raw !== null && typeof raw === 'object') {
    items = [raw];
    prefix = () => '';
  } else {
    throw importInvalid(source, 'it must hold an account object, a list of them, or {"version": 1, "accounts": [...]}');
  }
  if (items.length === 0) throw importInvalid(source, 'it holds no accounts');
  const accounts: Account[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const parsed = accountSchema.safeParse(item, { reportInput: true });
    if (parsed.success) accounts.push(parsed.data);
    else problems.push(firstIssues(parsed.error, prefix(i)));
  });
  if (problems.length) throw importInvalid(source, problems.slice(0, 3).join('; '));
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.name)) throw importInvalid(source, `the account name "${a.name}" appears twice`);
    seen.add(a.name);
  }
  return accounts;
}

function importInvalid(source: string, detail: string): BrokerError {
  return new BrokerError('invalid-argument', `${source} is not valid: ${detail}.`, {
    hint: 'Nothing was imported. Fix the file and run the import again.',
  });
}

export async function importAccounts(home: string, json: string, source?: string): Promise<Account[]> {
  const incoming = parseImport(json, source);
  return mutateAccounts(home, (accounts) => {
    const clash = incoming.filter((a) => accounts.some((b) => b.name === a.name)).map((a) => a.name);
    if (clash.length) {
      throw new BrokerError('account-exists', `Nothing was imported: ${clash.map((n) => `"${n}"`).join(', ')} already exist${clash.length > 1 ? '' : 's'}.`, {
        hint: `Remove ${clash.length > 1 ? 'them' : 'it'} first (\`cognito-broker account remove <name>\`) or rename the entries in the file.`,
      });
    }
    return { accounts: [...accounts, ...incoming], result: incoming };
  });
}
