import { QrCode } from './qr-code.js';

/** Groups of four, as authenticator apps show keys, so the key can be typed without losing one's place. */
export function groupKey(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The TOTP seed shown for enrolment, as a QR code and as a grouped key: the same in the sign-in MFA_SETUP step
 * and in the account's MFA section, so a person sees one way of adding the account to their app.
 */
export function TotpKey({ otpauthUri, secret }: { otpauthUri: string; secret: string }) {
  return (
    <div className="enrol">
      <QrCode value={otpauthUri} label="QR code to scan with your authenticator app" />
      <div>
        <p>Scan the QR code, or type this key into the app:</p>
        <p className="secret-key mono" aria-label="Key to type into the app">
          {groupKey(secret)}
        </p>
        <p className="field-hint">Time-based, 6 digits, 30 seconds.</p>
      </div>
    </div>
  );
}
