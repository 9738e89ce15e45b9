import { brokerHome } from '../core/paths.js';
import { isPrivateBrokerHome } from '../core/fs/private-dir-check.js';
import { toProcessOutput } from '../core/credentials/aws-credentials.js';
import { isFresh, parseCachedCredentials } from '../core/credentials/cached-credentials.js';
import { credentialSocketPath, listenerIsOurs } from '../core/credential-socket/credential-socket-protocol.js';
import type { Deadline } from './deadline.js';
import { armDeadline } from './deadline.js';
import type { HotRequest } from './hot-request.js';
import { hotDeadlineSeconds, hotRequest } from './hot-request.js';
import { printAndExit } from './print-and-exit.js';

/**
 * `cognito-broker` starts here (dist/cli/cognito-broker.cjs, the file every written credential_process line
 * names). The AWS CLI runs credential_process on every command, and with the app or `serve` running the
 * answer is one question over the credential socket: so this first stage is a bundle of a few KB that does
 * only that — parse argv by hand, check the socket is ours, ask, print, exit. Every other case (no app, an
 * error answer, any other command) is handed, without asking the socket again, to keychain-path.cjs, which
 * serves the keychain cache and goes on to cli-main.cjs exactly as one bundle did. Split in two files
 * because Node reads, compiles and runs a whole bundle even for the lines a call never reaches; a bundle
 * that holds the keychain path too costs the socket path a few milliseconds on every AWS call.
 */

type KeychainStage = { continueOnKeychain(socketThrew: boolean): Promise<void> };

/**
 * The fastest path: the app or `cognito-broker serve`, when one runs for this home, answers over the
 * credential socket by the same cache, refresh and lock rules, and this process loads nothing for it but
 * this bundle — no keychain binding, no keychain read. Undefined when nothing answers (or it answers an
 * error): the keychain stage then runs exactly as it does without the app.
 */
async function answerFromRunningBroker(request: HotRequest, deadline: Deadline): Promise<string | undefined> {
  const home = brokerHome();
  // Where the home is not private the socket in it proves nothing: cli-main refuses such a home anyway.
  if (!isPrivateBrokerHome(home)) return undefined;
  // No socket of ours, no app: the keychain path needs no node:net, which is not free to load.
  if (!listenerIsOurs(credentialSocketPath(home))) return undefined;
  deadline.phase = 'asking the running Cognito Broker for credentials';
  const { askRunningBroker } = await import('../core/credential-socket/credential-socket-client.js');
  const text = await askRunningBroker(home, request.account, request.role, {
    onAccepted: () => (deadline.phase = 'waiting for the running Cognito Broker (the app or serve) to answer'),
  });
  const credentials = parseCachedCredentials(text ?? null);
  return credentials && isFresh(credentials) ? toProcessOutput(credentials) : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const request = hotRequest(argv);
  let socketThrew = false;
  if (request) {
    const deadline = armDeadline(hotDeadlineSeconds(argv) * 1000);
    try {
      const answered = await answerFromRunningBroker(request, deadline);
      if (answered !== undefined) {
        deadline.cancel();
        printAndExit(`${answered}\n`);
        return;
      }
    } catch {
      // Never expected (the client does not reject); cli-main then explains whatever is wrong — unless the
      // deadline passed meanwhile.
      deadline.enforce();
      socketThrew = true;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- because keychain-path.cjs is a separate bundle next to this one, loaded only when the socket did not answer
  const keychainStage = require('./keychain-path.cjs') as KeychainStage;
  await keychainStage.continueOnKeychain(socketThrew);
}

void main();
