/** The second factors Cognito offers, by their challenge names. */
export type MfaType = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';

export interface MfaStatus {
  enabled: MfaType[];
  preferred?: MfaType;
}
