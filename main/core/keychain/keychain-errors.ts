import { BrokerError } from '../errors.js';

/**
 * Turns what @napi-rs/keyring throws into one of the three keychain errors. Measured against a real
 * gnome-keyring Secret Service:
 * - a locked collection: reading an existing item fails with "unlock prompt was dismissed" (no prompter) or
 *   `org.freedesktop.Secret.Error.IsLocked`; a missing item in a locked collection still reads as null,
 *   which is true (it is missing), so "locked" never turns into "not signed in" for an item that exists;
 * - no D-Bus session bus, or nothing answering on it: "Failed to connect to socket" / "autolaunch";
 * - a hung daemon: "Did not receive a reply" after the library's own ~2 s D-Bus timeout.
 * The raw message never reaches the person (it may name paths); it stays in `cause` for --debug.
 */
export function keychainError(error: unknown, action: string): BrokerError {
  if (error instanceof BrokerError) return error;
  const text = describeChain(error);
  // D-Bus's no-reply text mentions a policy that "blocked" the reply: test for it before "locked".
  if (/Did not receive a reply|\btimed? ?out\b|\btimeout\b/i.test(text)) return keychainTimeout(action, error);
  if (/\bIsLocked\b|\blocked\b|unlock prompt|prompt was dismissed/i.test(text)) {
    return new BrokerError('keychain-locked', `The keychain is locked, so cognito-broker could not ${action}.`, {
      hint: 'Unlock your login keyring (sign in to the desktop session or unlock it in your keyring manager), then try again.',
      cause: error,
    });
  }
  return new BrokerError('keychain-unavailable', `The system keychain (Secret Service) is not available, so cognito-broker could not ${action}.`, {
    hint: 'Start a desktop session or a Secret Service such as gnome-keyring with a D-Bus session bus (DBUS_SESSION_BUS_ADDRESS), then try again.',
    cause: error,
  });
}

export function keychainTimeout(action: string, cause?: unknown): BrokerError {
  return new BrokerError('keychain-timeout', `The system keychain did not answer in time, so cognito-broker could not ${action}.`, {
    hint: 'The keychain may be waiting for you to unlock it or be stuck; unlock it or restart the keyring service, then try again.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = (current as { cause?: unknown }).cause;
    } else {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- because a thrown non-Error object may hold secrets: '[object Object]' is all it should say
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' | ');
}
