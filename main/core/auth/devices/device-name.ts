import { hostname } from 'node:os';

/** ConfirmDevice's DeviceName: 1 to 1024 characters (API reference ConfirmDevice). */
const MAX_NAME = 1024;

/**
 * The name the pool lists this computer under (ConfirmDevice's DeviceName,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html): the
 * host name, so a person reading their devices (or an administrator, AdminListDevices) recognises it. AWS's
 * identity-js sends the browser's user agent there; a command-line tool has none worth reading.
 */
export function deviceName(host: string = hostname()): string {
  const name = host.trim() === '' ? 'unknown host' : host.trim();
  return `Cognito Broker on ${name}`.slice(0, MAX_NAME);
}
