/**
 * The pool no longer accepts this computer's device record: it was forgotten there (ForgetDevice from another
 * client, AdminForgetDevice by an administrator), or its verifier no longer matches. Thrown by the device
 * steps of a sign-in so the sign-in can drop the record and start again as a new device, which is what AWS's
 * own client does (amazon-cognito-identity-js CognitoUser.authenticateUserDefaultAuth clears its cached device
 * and retries when RespondToAuthChallenge answers ResourceNotFoundException about a device).
 */
export class StaleDevice extends Error {
  constructor(
    readonly username: string,
    options?: { cause?: unknown },
  ) {
    super('The user pool refused the remembered device.', options);
    this.name = 'StaleDevice';
  }
}

export function isStaleDevice(error: unknown): error is StaleDevice {
  return error instanceof StaleDevice;
}

/** The info line a person sees when a stale record was dropped (one line, no key, no secret). */
export const STALE_DEVICE_NOTICE = 'This computer is no longer remembered by the user pool; signing in as a new device.';

interface Shape {
  name: string;
  message: string;
}

/** The SDK's error, under however many BrokerError wrappers (cognitoError keeps it as `cause`). */
function shapes(error: unknown): Shape[] {
  const found: Shape[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const e = current as { name?: unknown; message?: unknown; cause?: unknown };
    found.push({ name: typeof e.name === 'string' ? e.name : '', message: typeof e.message === 'string' ? e.message : '' });
    current = e.cause;
  }
  return found;
}

/**
 * Whether a Cognito refusal is about the device rather than the user. Outside the device steps only an error
 * that names a device counts: ResourceNotFoundException "Device does not exist" is how AWS answers a
 * DEVICE_KEY it does not know (identity-js tests the message for "device" the same way). Inside
 * DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER a NotAuthorizedException also means the device's proof failed —
 * the user's password was already accepted — unless it is the challenge session that ended.
 */
export function poolRefusedDevice(error: unknown, inDeviceStep: boolean): boolean {
  return shapes(error).some(({ name, message }) => {
    if (/device/i.test(message) && (name === 'ResourceNotFoundException' || name === 'NotAuthorizedException' || name === 'InvalidParameterException'))
      return true;
    return inDeviceStep && name === 'NotAuthorizedException' && !/session/i.test(message);
  });
}
