import { authenticator } from 'otplib';
import { base32Decode, otpauthUri, totpCode, totpSecondsLeft } from './totp.js';

/** The backend's own TOTP (used by the seed, the front and the demo) against otplib and RFC 6238. */
describe('totpCode', () => {
  it('matches the RFC 6238 SHA-1 test vectors (last 6 digits)', () => {
    // RFC 6238 Appendix B: secret "12345678901234567890" in ASCII.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(base32Decode(secret).toString('ascii')).toBe('12345678901234567890');
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1111111109_000)).toBe('081804');
    expect(totpCode(secret, 1234567890_000)).toBe('005924');
    expect(totpCode(secret, 20000000000_000)).toBe('353130');
  });

  it('agrees with otplib for a generated secret', () => {
    const secret = authenticator.generateSecret(20);
    expect(totpCode(secret)).toBe(authenticator.generate(secret));
  });

  it('counts down the step and builds an otpauth URI', () => {
    expect(totpSecondsLeft(0)).toBe(30);
    expect(totpSecondsLeft(29_000)).toBe(1);
    expect(otpauthUri('demo', 'Cognito Broker demo', 'ABC')).toBe(
      'otpauth://totp/Cognito%20Broker%20demo:demo?secret=ABC&issuer=Cognito%20Broker%20demo&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('rejects a secret that is not base32', () => {
    expect(() => totpCode('not base32!')).toThrow(/base32/);
  });
});
