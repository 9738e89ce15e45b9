/**
 * Choice-based sign-in (Cognito's `USER_AUTH` flow): the first factors a pool can offer, by the names the
 * window, the CLI (`login --method`) and the accounts file use. The core maps them to Cognito's challenge
 * names (PASSWORD / PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN); the UI never sees those.
 */
export const FIRST_FACTORS = ['password', 'email-code', 'sms-code', 'passkey'] as const;

export type FirstFactor = (typeof FIRST_FACTORS)[number];

export function isFirstFactor(value: unknown): value is FirstFactor {
  return typeof value === 'string' && (FIRST_FACTORS as readonly string[]).includes(value);
}

/** What a person reads for each factor, in the window's choice and the CLI's menu. */
export const FIRST_FACTOR_LABELS: Readonly<Record<FirstFactor, string>> = {
  password: 'Password',
  'email-code': 'Code by e-mail',
  'sms-code': 'Code by text message',
  passkey: 'Passkey',
};

/**
 * The answer to a one-time-code prompt that asks for a new code instead of giving one. A code is digits,
 * so this word never collides with a real answer; the CLI also accepts it typed.
 */
export const SEND_NEW_CODE = 'send-new-code';

/** Answers to the "remember this computer?" prompt. */
export const REMEMBER_DEVICE_ANSWERS = ['yes', 'no'] as const;
export type RememberDeviceAnswer = (typeof REMEMBER_DEVICE_ANSWERS)[number];

/** A passkey registered for the user (ListWebAuthnCredentials), as the window and the CLI list it. */
export interface PasskeyView {
  credentialId: string;
  friendlyName?: string;
  relyingPartyId: string;
  /** ISO 8601. */
  createdAt: string;
  authenticatorAttachment?: string;
}

/** Whether this computer is a remembered device of the account's user (its key, group and secret are in the keychain). */
export interface DeviceView {
  remembered: boolean;
  /** The device key Cognito assigned (an identifier, not a secret). */
  deviceKey?: string;
  /** ISO 8601, when this computer was remembered. */
  rememberedAt?: string;
}
