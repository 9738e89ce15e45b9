import { getAccount } from '../../core/accounts/account-store.js';
import { BrokerError } from '../../core/errors.js';
import { confirmSignUp, resendConfirmationCode, signUp } from '../../core/self-service/sign-up.js';
import { defineCommand, type ParsedArgs } from '../command.js';
import {
  describeDelivery,
  passwordPolicyNote,
  readCode,
  readSecrets,
  selfServiceOptions,
  usernameOption,
  USERNAME_OPTION,
  CODE_OPTION,
  CODE_STDIN_OPTION,
} from './self-service-cli.js';

function attributesOption(args: ParsedArgs): Record<string, string> {
  const raw = args.values.attribute;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const attributes: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = eq > 0 ? item.slice(0, eq).trim() : '';
    if (!/^(custom:)?[\w:.-]{1,32}$/.test(name)) {
      throw new BrokerError('invalid-argument', `--attribute needs NAME=VALUE, such as email=alice@example.com (got "${item.slice(0, 40)}").`, {
        hint: 'Run `cognito-broker signup --help`.',
      });
    }
    attributes[name] = item.slice(eq + 1);
  }
  if (typeof args.values.email === 'string') attributes.email = args.values.email;
  return attributes;
}

export const signupCommand = defineCommand({
  name: 'signup',
  summary: "Create a user in the account's user pool (self-service sign-up)",
  usage: `cognito-broker signup <account> --username U [--email ADDRESS] [--attribute NAME=VALUE]... [--password-stdin]`,
  description: `Signs a new user up in the account's user pool. The password is typed twice on the terminal (hidden), or
read from stdin with --password-stdin. Unless the pool confirms users at once, it sends a confirmation code;
finish with \`cognito-broker signup confirm\`.
`,
  examples: `Example:
  cognito-broker signup work --username alice --email alice@example.com
`,
  options: {
    username: { type: 'string', value: 'U', help: "the new user's name (default: the account's username)" },
    email: { type: 'string', value: 'ADDRESS', help: 'shorthand for --attribute email=ADDRESS' },
    attribute: {
      type: 'string',
      value: 'NAME=VALUE',
      multiple: true,
      help: 'a user attribute the pool asks for (repeatable), e.g. custom:tenant_id=acme',
    },
    'password-stdin': { type: 'boolean', help: 'read the password from the first line of stdin' },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const username = usernameOption(args, account, 'signup');
    const attributes = attributesOption(args);
    const fromStdin = args.values['password-stdin'] === true;
    const note = fromStdin ? undefined : await passwordPolicyNote(account, io);
    const [password] = await readSecrets(io, [{ question: 'Password: ', confirm: true, ...(note ? { note } : {}) }], fromStdin, '--password-stdin');
    const result = await signUp(account, { username, password: password!, attributes }, await selfServiceOptions(account, io));
    if (result.confirmed) {
      io.stdout(
        `Signed up "${username}" in ${account.name}; the user is confirmed. Sign in with: cognito-broker login ${account.name} --username ${username}\n`,
      );
    } else {
      io.stdout(
        `Signed up "${username}" in ${account.name}; ${describeDelivery(result.delivery)}.\nConfirm with: cognito-broker signup confirm ${account.name} --username ${username} (it asks for the code)\n`,
      );
    }
    return 0;
  },
});

export const signupConfirmCommand = defineCommand({
  name: 'signup confirm',
  summary: 'Confirm a sign-up with the code that was sent',
  usage: `cognito-broker signup confirm <account> --username U [--code-stdin]`,
  description: `Confirms a new user with the code the pool sent by e-mail or text message. The code is typed on the
terminal, or read from the first line of stdin with --code-stdin (never from the command line, where every
user of this computer could read it). A code that expired can be sent again with \`cognito-broker signup resend\`.
`,
  options: {
    username: USERNAME_OPTION,
    code: CODE_OPTION,
    'code-stdin': CODE_STDIN_OPTION,
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const username = usernameOption(args, account, 'signup confirm');
    const { code } = await readCode(args, io, 'signup confirm');
    await confirmSignUp(account, { username, code }, await selfServiceOptions(account, io));
    io.stdout(`Confirmed "${username}". Sign in with: cognito-broker login ${account.name} --username ${username}\n`);
    return 0;
  },
});

export const signupResendCommand = defineCommand({
  name: 'signup resend',
  summary: 'Send the sign-up confirmation code again',
  usage: `cognito-broker signup resend <account> --username U`,
  options: { username: USERNAME_OPTION },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const username = usernameOption(args, account, 'signup resend');
    const delivery = await resendConfirmationCode(account, username, await selfServiceOptions(account, io));
    io.stdout(`For "${username}", ${describeDelivery(delivery)}.\n`);
    return 0;
  },
});
