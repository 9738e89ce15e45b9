import { getAccount } from '../../core/accounts/account-store.js';
import { toProcessOutput } from '../../core/credentials/aws-credentials.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { credentialsWithHandOff } from '../../core/hand-off/credentials-with-hand-off.js';
import { isBrokerError } from '../../core/errors.js';
import { activityReason, recordCliActivity } from './cli-activity.js';
import { defineCommand } from '../command.js';
import { armDeadline, DEFAULT_DEADLINE_SECONDS, parseDeadlineSeconds } from '../deadline.js';
import { credentialOptions, DEFAULT_WAIT_SECONDS, roleOption, secondsOption } from './credential-options.js';

/**
 * The slow path of credential-process (entry.ts and keychain-path.ts serve a cache hit without this bundle): refresh under
 * the lock, or hand off to the app. Nothing but the Version 1 JSON ever goes to stdout, and nothing asks
 * the person anything: the AWS SDKs capture both streams.
 */
export const credentialProcessCommand = defineCommand({
  name: 'credential-process',
  summary: 'Print credentials for the AWS CLI and SDKs (credential_process)',
  usage: `cognito-broker credential-process <account> [--role ARN] [--wait SECONDS] [--deadline SECONDS]`,
  description: `For the credential_process setting of a profile in ~/.aws/config. Prints the credential_process Version 1
JSON on stdout and nothing else. Serves cached credentials while they have 15 minutes or more left;
otherwise renews them with the saved sign-in (one refresh, shared by every process asking at the same time).
Never prompts. When the sign-in itself has expired, asks the running Cognito Broker app to show the
sign-in and waits for it; without the app it fails and says to run \`cognito-broker login <account>\`.
`,
  examples: `Example (~/.aws/config):
  [profile dev]
  credential_process = /usr/bin/node /opt/cognito-broker/dist/cli/cognito-broker.cjs credential-process dev
`,
  options: {
    role: { ...credentialOptions.role, help: "an IAM role your groups grant (default: the account's default role, else your preferred role)" },
    wait: {
      ...credentialOptions.wait,
      help: `how long to wait for you to sign in through the app (default ${DEFAULT_WAIT_SECONDS}; 0 = do not ask)`,
    },
    deadline: {
      type: 'string',
      value: 'SECONDS',
      help: `give up after this long, not counting the wait for you (default ${DEFAULT_DEADLINE_SECONDS}; also COGNITO_BROKER_DEADLINE)`,
    },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const seconds =
      parseDeadlineSeconds(typeof args.values.deadline === 'string' ? args.values.deadline : undefined) ??
      parseDeadlineSeconds(io.env.COGNITO_BROKER_DEADLINE) ??
      DEFAULT_DEADLINE_SECONDS;
    // Already armed by entry.ts in the real command; armed here when cli-main runs on its own.
    const deadline = armDeadline(seconds * 1000);
    const roleArn = roleOption(args, 'credential-process');
    const waitSeconds = secondsOption(args, 'wait', DEFAULT_WAIT_SECONDS, 'credential-process');
    deadline.phase = 'reading the account';
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const broker = composeBroker(io.home, io.env, { onPhase: (phase) => (deadline.phase = phase) }).broker;
    // Failures of refreshes this process queued behind (since it started) are reported, not retried.
    const request = { startedAt: Math.floor(Date.now() - process.uptime() * 1000), ...(roleArn === undefined ? {} : { roleArn }) };
    const result = await credentialsWithHandOff(broker, io.home, account, request, {
      waitMs: waitSeconds * 1000,
      onWaiting: (waitMs) => {
        deadline.phase = 'waiting for the sign-in in the Cognito Broker app';
        deadline.extend(waitMs);
        io.stderr(`cognito-broker: ${account.name} needs a sign-in; sign in through the Cognito Broker app (waiting up to ${Math.round(waitMs / 1000)} s).\n`);
      },
    }).catch(async (error: unknown) => {
      // A person who must sign in is not a failed renewal; anything else is worth a line in the log.
      if (!isBrokerError(error) || (error.code !== 'not-signed-in' && error.code !== 'session-expired')) {
        await recordCliActivity(io, {
          kind: 'refresh-failed',
          account: account.name,
          message: `Renewing the AWS credentials of ${account.name} failed: ${activityReason(error)}`,
        });
      }
      throw error;
    });
    if (result.source === 'refresh') {
      await recordCliActivity(io, {
        kind: 'refresh',
        account: account.name,
        message: `Renewed the AWS credentials of ${account.name}${roleArn ? ` for role ${roleArn}` : ''}.`,
      });
    }
    deadline.cancel();
    io.stdout(`${toProcessOutput(result.credentials)}\n`);
    return 0;
  },
});
