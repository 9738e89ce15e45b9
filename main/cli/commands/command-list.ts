import type { CliCommand } from '../command.js';
import { accountAddCommand } from './account-add.js';
import { accountImportCommand } from './account-import.js';
import { accountListCommand } from './account-list.js';
import { accountRemoveCommand } from './account-remove.js';
import { accountShowCommand } from './account-show.js';
import { accountUpdateCommand } from './account-update.js';
import { createCompleteCommand, createCompletionCommand } from './completion.js';
import { devicesForgetCommand, devicesShowCommand } from './devices.js';
import { consoleCommand } from './console.js';
import { credentialProcessCommand } from './credential-process.js';
import { execCommand } from './exec.js';
import { exportCommand } from './export.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { mfaDisableTotpCommand, mfaEnableTotpCommand, mfaPreferCommand, mfaStatusCommand } from './mfa.js';
import { passkeysDeleteCommand, passkeysListCommand } from './passkeys.js';
import { passwordChangeCommand, passwordForgotCommand, passwordResetCommand } from './password.js';
import { PROFILE_COMMANDS } from './profiles.js';
import { rolesCommand } from './roles.js';
import { serveCommand } from './serve.js';
import { signupCommand, signupConfirmCommand, signupResendCommand } from './signup.js';
import { statusCommand } from './status.js';
import { useCommand } from './use.js';

/** Every command of `cognito-broker`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  accountAddCommand,
  accountListCommand,
  accountShowCommand,
  accountUpdateCommand,
  accountRemoveCommand,
  accountImportCommand,
  loginCommand,
  logoutCommand,
  statusCommand,
  rolesCommand,
  credentialProcessCommand,
  exportCommand,
  execCommand,
  serveCommand,
  ...PROFILE_COMMANDS,
  useCommand,
  consoleCommand,
  signupCommand,
  signupConfirmCommand,
  signupResendCommand,
  passwordForgotCommand,
  passwordResetCommand,
  passwordChangeCommand,
  mfaStatusCommand,
  mfaEnableTotpCommand,
  mfaDisableTotpCommand,
  mfaPreferCommand,
  passkeysListCommand,
  passkeysDeleteCommand,
  devicesShowCommand,
  devicesForgetCommand,
  createCompletionCommand(),
  // Hidden: what the completion scripts call on each Tab; it needs this very list.
  createCompleteCommand(() => COMMANDS),
];
