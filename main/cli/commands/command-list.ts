import type { CliCommand } from '../command.js';
import { accountAddCommand } from './account-add.js';
import { accountImportCommand } from './account-import.js';
import { accountListCommand } from './account-list.js';
import { accountRemoveCommand } from './account-remove.js';
import { accountShowCommand } from './account-show.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { rolesCommand } from './roles.js';
import { statusCommand } from './status.js';

/** Every command of `cognito-broker`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  accountAddCommand,
  accountListCommand,
  accountShowCommand,
  accountRemoveCommand,
  accountImportCommand,
  loginCommand,
  logoutCommand,
  statusCommand,
  rolesCommand,
];
