import type { CliCommand } from '../command.js';
import { accountAddCommand } from './account-add.js';
import { accountImportCommand } from './account-import.js';
import { accountListCommand } from './account-list.js';
import { accountRemoveCommand } from './account-remove.js';
import { accountShowCommand } from './account-show.js';

/** Every command of `cognito-broker`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  accountAddCommand,
  accountListCommand,
  accountShowCommand,
  accountRemoveCommand,
  accountImportCommand,
];
