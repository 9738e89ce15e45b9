import { createConnection } from 'node:net';
import { BrokerError } from '../errors.js';
import type { HandOffReply, HandOffRequest } from './hand-off-protocol.js';
import { HAND_OFF_PROTOCOL_VERSION, handOffSocketPath } from './hand-off-protocol.js';
import { readHandOffSecret } from './hand-off-secret.js';

export interface HandOffOptions {
  /** How long to wait for the person to sign in in the app. */
  waitMs: number;
  /** Called once the app has accepted the request (the CLI tells the person where to look). */
  onAccepted?: () => void;
  /** Why a sign-in is needed, so the answer when no app runs says what is true (default: it expired). */
  why?: 'not-signed-in' | 'session-expired';
}

/**
 * Ask the running desktop app to sign `account` in and wait until it has. Resolves when the app reports
 * the sign-in done; rejects with BrokerError('session-expired') telling the person what to do when no app
 * is listening, the app refused, or the wait ended. Never prompts.
 */
export async function requestSignInFromApp(home: string, account: string, options: HandOffOptions): Promise<void> {
  const secret = await readHandOffSecret(home);
  if (!secret) throw notRunning(account, options.why);
  const request: HandOffRequest = { v: HAND_OFF_PROTOCOL_VERSION, secret, op: 'sign-in', account };

  await new Promise<void>((resolve, reject) => {
    const socket = createConnection(handOffSocketPath(home));
    let accepted = false;
    let settled = false;
    let buffer = '';
    const finish = (error?: BrokerError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(waitEnded(account, options.waitMs)), options.waitMs);
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', () => finish(accepted ? appWentAway(account) : notRunning(account, options.why)));
    socket.on('close', () => finish(accepted ? appWentAway(account) : notRunning(account, options.why)));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const reply = parseReply(line);
        if (!reply) return finish(appWentAway(account));
        if (reply.status === 'accepted') {
          accepted = true;
          options.onAccepted?.();
        } else if (reply.status === 'signed-in') {
          return finish();
        } else {
          return finish(
            new BrokerError('session-expired', `The app could not sign ${account} in: ${reply.message}`, {
              hint: reply.hint ?? `Run \`cognito-broker login ${account}\` or sign in from the Cognito Broker app.`,
            }),
          );
        }
      }
    });
  });
}

function parseReply(line: string): HandOffReply | undefined {
  try {
    const value = JSON.parse(line) as HandOffReply;
    return value && typeof value.status === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function notRunning(account: string, why: HandOffOptions['why']): BrokerError {
  if (why === 'not-signed-in') {
    return new BrokerError(
      'not-signed-in',
      `${account} is not signed in (it was signed out, or never signed in on this computer), and the Cognito Broker app is not running to sign it in.`,
      {
        hint: `Run \`cognito-broker login ${account}\`, or open the Cognito Broker app and sign in, then try again.`,
      },
    );
  }
  return new BrokerError('session-expired', `The sign-in of ${account} has expired and the Cognito Broker app is not running to renew it.`, {
    hint: `Run \`cognito-broker login ${account}\`, or open the Cognito Broker app and sign in, then try again.`,
  });
}

function appWentAway(account: string): BrokerError {
  return new BrokerError('session-expired', `The Cognito Broker app stopped answering before ${account} was signed in.`, {
    hint: `Run \`cognito-broker login ${account}\`, or open the app and sign in, then try again.`,
  });
}

function waitEnded(account: string, waitMs: number): BrokerError {
  return new BrokerError('session-expired', `Nobody signed ${account} in within ${Math.max(1, Math.ceil(waitMs / 1000))} s.`, {
    hint: `Sign in from the Cognito Broker app, or run \`cognito-broker login ${account}\`, then try again.`,
  });
}
