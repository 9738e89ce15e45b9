import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { BrokerError, isBrokerError } from '../../errors.js';
import type { Prompter } from '../prompter.js';
import { startDeviceSrp } from '../srp/device-srp.js';
import { confirmNewDevice, type NewDeviceMetadata } from './confirm-device.js';
import type { DeviceRecord } from './device-record.js';
import type { DeviceMemory } from './device-store.js';
import { poolRefusedDevice, StaleDevice, STALE_DEVICE_NOTICE } from './stale-device.js';

/** A challenge as the sign-in state machine holds it (sign-in/sign-in-context.ts `Challenge`). */
export interface DeviceTurn {
  name: string;
  session: string | undefined;
  parameters: Record<string, string>;
}

/** The sign-in's own RespondToAuthChallenge (it adds USERNAME, SECRET_HASH and DEVICE_KEY). */
export type Respond<S> = (name: string, session: string | undefined, answers: Record<string, string>) => Promise<S>;

/**
 * The device part of one sign-in: which record it uses, the DEVICE_KEY it sends, the two device challenges
 * and the confirmation of a new device at the end. The state machine (sign-in/*) owns the flow and calls in
 * here at four points: before InitiateAuth (`recall`, `parameters`), for DEVICE_SRP_AUTH (`answer`), when the
 * pool refuses the device (`dropStale`), and with the final AuthenticationResult (`finish`).
 *
 * Rules (each with AWS's page):
 * - DEVICE_KEY goes into InitiateAuth's AuthParameters when a record exists ("To sign in with a remembered
 *   device, include DEVICE_KEY in the authentication parameters in your user's InitiateAuth request", API
 *   reference DeviceConfigurationType,
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html),
 *   and into every challenge response ("Include a DEVICE_KEY for device authentication", API reference
 *   ChallengeResponseType, https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChallengeResponseType.html).
 * - DEVICE_SRP_AUTH is answered with USERNAME, DEVICE_KEY and SRP_A, then DEVICE_PASSWORD_VERIFIER with the
 *   proof over the device group key, device key and device password (API reference RespondToAuthChallenge,
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html;
 *   the arithmetic in srp/device-srp.ts is identity-js's getDeviceResponse).
 */
export class DeviceSignIn {
  private device: DeviceRecord | undefined;

  constructor(
    /** Undefined where no keychain is at hand: then nothing is sent, asked or confirmed. */
    private readonly memory: DeviceMemory | undefined,
    private readonly prompter: Prompter,
  ) {}

  /** The record in use, if any. */
  get current(): DeviceRecord | undefined {
    return this.device;
  }

  /**
   * Loads the record of `username`: called with the typed name before InitiateAuth and again with the pool's
   * name (USER_ID_FOR_SRP) once a challenge gives it, as identity-js does (a person may sign in by an alias;
   * records are kept under the pool's name).
   */
  async recall(username: string): Promise<void> {
    if (!this.memory || this.device?.username === username) return;
    this.device = (await this.memory.recall(username)) ?? this.device;
  }

  /** `{ DEVICE_KEY }` for InitiateAuth and every challenge response while a record is in use. */
  parameters(): Record<string, string> {
    return this.device ? { DEVICE_KEY: this.device.deviceKey } : {};
  }

  /**
   * Runs a call that carries DEVICE_KEY (InitiateAuth, PASSWORD_VERIFIER); when the pool refuses the device
   * (stale-device.ts), drops the record and runs it once more without one, as identity-js does.
   */
  async withDevice<T>(attempt: () => Promise<T>): Promise<T> {
    if (!this.device) return attempt();
    try {
      return await attempt();
    } catch (error) {
      if (!poolRefusedDevice(error, false)) throw error;
      await this.dropStale();
      return attempt();
    }
  }

  /**
   * DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER when the pool asks for it next. A refusal of the device
   * throws StaleDevice: the challenge session cannot go on without a device, so the sign-in starts again.
   */
  async answer<S>(challenge: DeviceTurn, respond: Respond<S>, challengeOf: (step: S) => DeviceTurn | undefined): Promise<S> {
    const device = this.device;
    if (!device) {
      // Cognito asks this only of a sign-in that sent a device key; without a record there is nothing to prove.
      throw new BrokerError('auth-challenge', 'The user pool asks for a remembered-device check, but this computer holds no device of this user.', {
        hint: 'Sign in again; if it keeps asking, ask the pool administrator to check the "Remember user devices" setting.',
      });
    }
    const exchange = startDeviceSrp(device);
    try {
      const step = await respond('DEVICE_SRP_AUTH', challenge.session, { DEVICE_KEY: device.deviceKey, SRP_A: exchange.srpA });
      const next = challengeOf(step);
      if (next?.name !== 'DEVICE_PASSWORD_VERIFIER') return step;
      let claim;
      try {
        claim = exchange.passwordClaim(next.parameters);
      } catch (cause) {
        throw new BrokerError('auth-failed', "The user pool's device challenge could not be answered (malformed or unsafe values).", {
          hint: 'Try again; if it persists, run `cognito-broker devices forget <account>` and sign in again.',
          cause,
        });
      }
      return await respond('DEVICE_PASSWORD_VERIFIER', next.session, { ...claim });
    } catch (error) {
      if (poolRefusedDevice(error, true)) throw new StaleDevice(device.username, { cause: error });
      throw error;
    }
  }

  /** Forgets the record in use (keychain included) and tells the person in one line. */
  async dropStale(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    if (device && this.memory) await this.memory.drop(device.username);
    this.prompter.info?.(STALE_DEVICE_NOTICE);
  }

  /**
   * After the tokens: confirms a new device (confirm-device.ts) and keeps its record, or keeps using the one
   * that signed in. Resolves with the device key the session refreshes with (GetTokensFromRefreshToken's
   * DeviceKey), if any. A confirmation the pool refuses costs the person nothing but the remembering: the
   * sign-in itself succeeded, so it is reported in one line and the sign-in goes on. Cancelling the question
   * cancels the sign-in, as at any other question.
   */
  async finish(
    result: { AccessToken?: string | undefined; NewDeviceMetadata?: NewDeviceMetadata | undefined },
    client: CognitoIdentityProviderClient,
    username: string,
  ): Promise<string | undefined> {
    const metadata = result.NewDeviceMetadata;
    if (!metadata?.DeviceKey || !this.memory || !result.AccessToken) return this.device?.deviceKey;
    let record: DeviceRecord | undefined;
    try {
      record = await confirmNewDevice({ client, accessToken: result.AccessToken, username, prompter: this.prompter }, metadata);
    } catch (error) {
      if (isBrokerError(error) && error.code === 'cancelled') throw error;
      this.prompter.info?.('This computer could not be remembered by the user pool; the next sign-in will ask for MFA again.');
      return undefined;
    }
    if (!record) return undefined;
    await this.memory.keep(record);
    this.device = record;
    if (record.remembered) this.prompter.info?.('This computer is remembered: later sign-ins here can skip MFA.');
    return record.deviceKey;
  }
}
