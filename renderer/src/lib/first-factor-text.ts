import type { FirstFactor } from '../../../main/contract/sign-in-method.js';

/**
 * Words for each first factor beyond its short label (FIRST_FACTOR_LABELS in the contract): what the person
 * will be asked for, and the link that starts a sign-in with it.
 */
export const FIRST_FACTOR_TEXT: Readonly<Record<FirstFactor, { detail: string; start: string }>> = {
  password: { detail: 'Your password, as usual.', start: 'Sign in with your password' },
  'email-code': { detail: 'A one-time code sent to your e-mail address.', start: 'Sign in with a code by e-mail' },
  'sms-code': { detail: 'A one-time code sent to your phone by text message.', start: 'Sign in with a code by text message' },
  // The window is a file:// page, which cannot assert the passkey's web domain, so the browser does it.
  passkey: { detail: 'The passkey on your phone or security key, confirmed in your browser.', start: 'Sign in with a passkey' },
};
