import {
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  UpdateDeviceStatusCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { RememberDeviceAnswer } from '../../../contract/sign-in-method.js';
import type { Prompter } from '../prompter.js';
import { deviceSecret } from '../srp/device-verifier.js';
import { deviceName } from './device-name.js';
import type { DeviceRecord } from './device-record.js';

/** NewDeviceMetadata of an AuthenticationResult (API reference NewDeviceMetadataType). */
export interface NewDeviceMetadata {
  DeviceKey?: string | undefined;
  DeviceGroupKey?: string | undefined;
}

export interface DeviceConfirmation {
  client: CognitoIdentityProviderClient;
  /** The access token the sign-in just got: ConfirmDevice and UpdateDeviceStatus are authorised with it. */
  accessToken: string;
  /** The pool's name for the user. */
  username: string;
  prompter: Prompter;
  now?: () => Date;
  host?: string;
}

/** How often an answer that is neither yes nor no is asked again before it counts as no. */
const MAX_REMEMBER_ANSWERS = 3;

/** 'yes' / 'no' from what a person typed (y, Yes, n, NO …), or undefined for anything else. */
export function parseRememberAnswer(text: string): RememberDeviceAnswer | undefined {
  const answer = text.trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return 'yes';
  if (answer === 'n' || answer === 'no') return 'no';
  return undefined;
}

/**
 * Confirms this computer after a sign-in that returned NewDeviceMetadata, as AWS documents it (developer
 * guide, "Working with user devices in your user pool",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html):
 *
 * 1. ConfirmDevice with the device key, a verifier made here (salt and g^x; the device password never leaves
 *    the machine) and a readable DeviceName
 *    (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html).
 * 2. When it answers UserConfirmationNecessary (the pool's DeviceOnlyRememberedOnUserPrompt: "you must follow
 *    ConfirmDevice with an UpdateDeviceStatus API request that sets the user's device to remembered or
 *    not_remembered", API reference DeviceConfigurationType), ask the person once and call UpdateDeviceStatus
 *    (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html).
 *    Otherwise the pool remembers always: "immediately sets the device as remembered" (ConfirmDevice's
 *    UserConfirmationNecessary), and nothing is asked.
 *
 * Resolves with the record to keep in the keychain (kept also when the person said no: see device-record.ts).
 * Cognito failures are thrown as they come; the caller decides what a failed confirmation means.
 */
export async function confirmNewDevice(c: DeviceConfirmation, metadata: NewDeviceMetadata): Promise<DeviceRecord | undefined> {
  const deviceKey = metadata.DeviceKey;
  const deviceGroupKey = metadata.DeviceGroupKey;
  if (!deviceKey || !deviceGroupKey) return undefined;
  const secret = deviceSecret(deviceGroupKey, deviceKey);
  const confirmed = await c.client.send(
    new ConfirmDeviceCommand({
      AccessToken: c.accessToken,
      DeviceKey: deviceKey,
      DeviceSecretVerifierConfig: secret.verifierConfig,
      DeviceName: deviceName(c.host),
    }),
  );
  let remembered = true;
  if (confirmed.UserConfirmationNecessary === true) {
    remembered = (await askOrUndo(c, deviceKey)) === 'yes';
    await c.client.send(
      new UpdateDeviceStatusCommand({ AccessToken: c.accessToken, DeviceKey: deviceKey, DeviceRememberedStatus: remembered ? 'remembered' : 'not_remembered' }),
    );
  }
  return {
    deviceKey,
    deviceGroupKey,
    devicePassword: secret.devicePassword,
    username: c.username,
    remembered,
    rememberedAt: (c.now?.() ?? new Date()).toISOString(),
  };
}

/**
 * The question comes after ConfirmDevice (only its answer says whether to ask). A person who cancels there
 * cancels the sign-in, so no record is kept here: the pool is told to forget the device it just confirmed
 * (ForgetDevice, https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html),
 * or it would list a device nobody can use. Best effort: the cancel is what the person sees either way.
 */
async function askOrUndo(c: DeviceConfirmation, deviceKey: string): Promise<RememberDeviceAnswer> {
  try {
    return await askRemember(c.prompter);
  } catch (error) {
    await c.client.send(new ForgetDeviceCommand({ AccessToken: c.accessToken, DeviceKey: deviceKey })).catch(() => undefined);
    throw error;
  }
}

async function askRemember(prompter: Prompter): Promise<RememberDeviceAnswer> {
  let retryReason: string | undefined;
  for (let answers = 1; answers <= MAX_REMEMBER_ANSWERS; answers++) {
    const answer = parseRememberAnswer(await prompter.ask({ kind: 'remember-device' }, retryReason));
    if (answer) return answer;
    retryReason = 'Answer yes or no.';
  }
  // Not remembering is the safe choice for an answer nobody could read.
  return 'no';
}
