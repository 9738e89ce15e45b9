import { isValidAccountName } from '../core/accounts/account-name.js';
import { DEFAULT_DEADLINE_SECONDS, parseDeadlineSeconds } from './deadline.js';

/**
 * The one command line the small bundles answer themselves: `credential-process <account> [--role R]
 * [--deadline N] [--wait N]`, parsed by hand (no option library on the hot path). Shared by the socket
 * stage (entry.ts) and the keychain stage (keychain-path.ts), so both read the same request from argv.
 */
export interface HotRequest {
  account: string;
  role?: string;
}

export function hotRequest(args: readonly string[]): HotRequest | undefined {
  if (args[0] !== 'credential-process') return undefined;
  let account: string | undefined;
  let role: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] as string;
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq !== -1) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    if (name === '--role' || name === '--deadline' || name === '--wait') {
      if (value === undefined) value = args[++i];
      if (value === undefined) return undefined;
      if (name === '--role') role = value;
    } else if (arg.startsWith('-') || account !== undefined) {
      // --help, --debug, unknown flags, extra arguments: cli-main answers those.
      return undefined;
    } else {
      account = arg;
    }
  }
  // The name becomes part of a lock file's path later: a name that is not an account name ('../../x') goes to
  // cli-main, which refuses it, before any path is built from it.
  if (account === undefined || !isValidAccountName(account)) return undefined;
  return { account, ...(role === undefined ? {} : { role }) };
}

/** The whole call's deadline in seconds: `--deadline`, else COGNITO_BROKER_DEADLINE, else the default. */
export function hotDeadlineSeconds(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  return parseDeadlineSeconds(flagValue(args, '--deadline')) ?? parseDeadlineSeconds(env.COGNITO_BROKER_DEADLINE) ?? DEFAULT_DEADLINE_SECONDS;
}

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === flag) return args[i + 1];
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}
