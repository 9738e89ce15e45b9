import { loadAccounts } from '../../core/accounts/account-store.js';
import { BrokerError } from '../../core/errors.js';
import { defineCommand, type CliCommand } from '../command.js';
import { completeWords, type Candidate } from '../completion/complete-words.js';
import { COMPLETION_SCRIPTS, COMPLETION_SHELLS, type CompletionShell } from '../completion/completion-scripts.js';

/**
 * `completion <shell>` prints a completion script; `__complete` (hidden) is what the scripts call on each Tab.
 * Both take the command list as a function so command-list.ts can include them without an import cycle.
 */
export function createCompletionCommand(): CliCommand {
  return defineCommand({
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh, fish or powershell)',
    usage: `cognito-broker completion ${COMPLETION_SHELLS.join('|')}`,
    description: `Prints a script that completes commands, options, option values and account names for the shell.
Account names come from the accounts file; the keychain is never read while completing.
`,
    examples: `Install:
  bash        echo 'source <(cognito-broker completion bash)' >> ~/.bashrc
  zsh         echo 'source <(cognito-broker completion zsh)' >> ~/.zshrc      (after compinit)
  fish        cognito-broker completion fish > ~/.config/fish/completions/cognito-broker.fish
  PowerShell  Add-Content $PROFILE 'cognito-broker completion powershell | Out-String | Invoke-Expression'
`,
    options: {},
    arguments: [COMPLETION_SHELLS],
    positionals: [1, 1],
    run(args, io) {
      const shell = args.positionals[0] ?? '';
      if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
        throw new BrokerError('invalid-argument', `The shell must be one of ${COMPLETION_SHELLS.join(', ')}.`, {
          hint: 'Run `cognito-broker completion --help`.',
        });
      }
      io.stdout(COMPLETION_SCRIPTS[shell as CompletionShell]);
      return Promise.resolve(0);
    },
  });
}

export function createCompleteCommand(commands: () => readonly CliCommand[]): CliCommand {
  return defineCommand({
    name: '__complete',
    summary: 'Candidates for the word under the cursor (used by the completion scripts)',
    usage: 'cognito-broker __complete -- [WORD...] c:CURRENT',
    hidden: true,
    options: {},
    positionals: [0, Number.MAX_SAFE_INTEGER],
    async run(args, io) {
      const words = [...args.positionals];
      const last = words.pop() ?? 'c:';
      const current = last.startsWith('c:') ? last.slice(2) : last;
      const plan = completeWords(commands(), words, current);
      const candidates: Candidate[] = [...plan.candidates];
      if (plan.lookup) {
        // A home that cannot be read just completes nothing: a Tab press never prints an error.
        const accounts = await loadAccounts(io.home).catch(() => []);
        if (plan.lookup === 'account') {
          for (const account of accounts) candidates.push({ value: account.name, description: `${account.region} ${account.userPoolId}` });
        } else {
          const named = accounts.filter((a) => plan.account === undefined || a.name === plan.account);
          for (const arn of new Set(named.map((a) => a.defaultRoleArn).filter((arn): arn is string => arn !== undefined))) {
            candidates.push({ value: arn, description: 'default role' });
          }
        }
      }
      const lines = candidates
        .filter((c) => c.value.startsWith(current))
        .map((c) => (c.description ? `${c.value}\t${c.description.replace(/[\t\n]/g, ' ')}` : c.value));
      io.stdout(`${[...lines, `:${plan.directive}`].join('\n')}\n`);
      return 0;
    },
  });
}
