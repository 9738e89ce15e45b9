import type { BrokerError } from '../../../../main/core/errors.js';
import { addProfile, removeManagedProfiles } from '../../../../main/core/aws-config/profile-store.js';

/**
 * One profile operation in its own process, as a CLI invocation would do it:
 *   add <config> <account> <name>   |   remove <config> <name>
 * Prints one JSON line with the outcome (error code and message, never a stack).
 */
const [op, configFile, a, b] = process.argv.slice(2) as [string, string, string, string?];
const location = { configFile, credentialsFile: `${configFile}.credentials` };
const launcher = { kind: 'node-script' as const, node: '/usr/bin/node', script: '/opt/cognito-broker/dist/cli/cognito-broker.cjs' };
const work =
  op === 'add'
    ? addProfile({ location, launcher, lock: { timeoutMs: 120_000 } }, { name: a, region: 'eu-west-1' }, { name: b ?? a })
    : removeManagedProfiles({ location, lock: { timeoutMs: 120_000 } }, { name: a });
work.then(
  () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
  (error: unknown) => {
    const e = error as BrokerError;
    process.stdout.write(`${JSON.stringify({ ok: false, code: e.code, message: e.message })}\n`);
  },
);
