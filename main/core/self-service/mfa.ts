import {
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type SMSMfaSettingsType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { MfaType } from '../auth/prompter.js';
import { BrokerError } from '../errors.js';
import { withUserPool, type SelfServiceOptions, type UserPoolAccount } from './user-pool-app.js';

/**
 * MFA management for the signed-in user, all with their access token: enrol an authenticator app
 * (AssociateSoftwareToken → VerifySoftwareToken), turn factors on or off and choose the preferred one
 * (SetUserMFAPreference), and read the current state (GetUser).
 */
export interface MfaStatus {
  username: string;
  enabled: MfaType[];
  preferred?: MfaType;
}

const KNOWN: readonly MfaType[] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'];

function asMfaType(value: string | undefined): MfaType | undefined {
  return KNOWN.find((k) => k === value);
}

export async function getMfaStatus(account: UserPoolAccount, accessToken: string, options: SelfServiceOptions = {}): Promise<MfaStatus> {
  return withUserPool(account, 'mfa', options, async (client) => {
    const out = await client.send(new GetUserCommand({ AccessToken: accessToken }));
    const enabled = (out.UserMFASettingList ?? []).map(asMfaType).filter((t): t is MfaType => t !== undefined);
    const preferred = asMfaType(out.PreferredMfaSetting);
    return { username: out.Username ?? '', enabled, ...(preferred ? { preferred } : {}) };
  });
}

/**
 * The secret and otpauth URI to show once (QR code + key to type); the caller shows them and forgets them.
 * `issuer` labels the entry in the authenticator app.
 */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export async function beginTotpEnrolment(
  account: UserPoolAccount,
  input: { accessToken: string; label: string; issuer?: string },
  options: SelfServiceOptions = {},
): Promise<TotpEnrolment> {
  return withUserPool(account, 'mfa', options, async (client) => {
    const out = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: input.accessToken }));
    if (!out.SecretCode) throw new BrokerError('internal', 'The user pool did not return an authenticator key.', { hint: 'Try again.' });
    return { secret: out.SecretCode, otpauthUri: otpauthUri(out.SecretCode, input.label, input.issuer ?? 'Cognito Broker') };
  });
}

/** Google Authenticator's key-URI format, understood by every common authenticator app. */
export function otpauthUri(secret: string, label: string, issuer: string): string {
  const name = encodeURIComponent(`${issuer}:${label}`);
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${name}?${query.toString()}`;
}

/**
 * Confirms the enrolment with the first code and, by default, turns TOTP on as the preferred factor: an
 * enrolled but unused factor is what people forget to finish.
 */
export async function completeTotpEnrolment(
  account: UserPoolAccount,
  input: { accessToken: string; code: string; deviceName?: string; makePreferred?: boolean },
  options: SelfServiceOptions = {},
): Promise<void> {
  await withUserPool(account, 'mfa', options, async (client) => {
    const out = await client.send(
      new VerifySoftwareTokenCommand({
        AccessToken: input.accessToken,
        UserCode: input.code,
        ...(input.deviceName ? { FriendlyDeviceName: input.deviceName } : {}),
      }),
    );
    if (out.Status !== 'SUCCESS')
      throw new BrokerError('code-mismatch', 'That code is not right.', { hint: 'Enter the current 6-digit code from your authenticator app.' });
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: input.accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: input.makePreferred ?? true },
      }),
    );
  });
}

export interface MfaPreferenceChange {
  /** Each factor named is switched on (optionally preferred) or off; factors not named are left as they are. */
  totp?: { enabled: boolean; preferred?: boolean };
  sms?: { enabled: boolean; preferred?: boolean };
  email?: { enabled: boolean; preferred?: boolean };
}

export async function setMfaPreference(
  account: UserPoolAccount,
  accessToken: string,
  change: MfaPreferenceChange,
  options: SelfServiceOptions = {},
): Promise<void> {
  const settings = (s: { enabled: boolean; preferred?: boolean } | undefined): SMSMfaSettingsType | undefined =>
    s === undefined ? undefined : { Enabled: s.enabled, PreferredMfa: s.enabled && s.preferred === true };
  const totp = settings(change.totp);
  const sms = settings(change.sms);
  const email = settings(change.email);
  if (!totp && !sms && !email) throw new BrokerError('invalid-argument', 'No MFA change was asked for.', { hint: 'Name a factor to turn on or off.' });
  await withUserPool(account, 'mfa', options, (client) =>
    client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        ...(totp ? { SoftwareTokenMfaSettings: totp } : {}),
        ...(sms ? { SMSMfaSettings: sms } : {}),
        ...(email ? { EmailMfaSettings: email } : {}),
      }),
    ),
  );
}
