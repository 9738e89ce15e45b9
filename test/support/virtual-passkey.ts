import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { CDPSession, Page } from 'playwright-core';

/**
 * A passkey whose private key the test holds: the public half is seeded in the test backend
 * (`backend.addPasskey(..., { credentialId, publicKey })`, as registration would have stored it) and the
 * private half goes into Chromium's virtual authenticator, so navigator.credentials.get in a real browser
 * produces a real ES256 assertion the backend verifies. The virtual authenticator is Chrome DevTools Protocol's
 * WebAuthn domain (https://chromedevtools.github.io/devtools-protocol/tot/WebAuthn/), the same one the
 * WebDriver "Virtual Authenticators" extension of the WebAuthn spec drives
 * (https://www.w3.org/TR/webauthn-3/#sctn-automation).
 */
export interface TestPasskey {
  /** base64url, as Cognito and the AuthenticationResponseJSON spell credential ids. */
  credentialId: string;
  /** SPKI PEM of the P-256 public key, for the backend. */
  publicKey: string;
  /** PKCS#8 DER, base64, as WebAuthn.addCredential takes it. */
  privateKey: string;
}

export function newTestPasskey(): TestPasskey {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    credentialId: randomBytes(16).toString('base64url'),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  /** Puts a passkey for `rpId` into the authenticator; resident (discoverable) when a user handle is given. */
  add(passkey: TestPasskey, rpId: string, userHandle?: string): Promise<void>;
}

/**
 * A platform authenticator (CTAP2, internal transport) with user verification that always succeeds and
 * presence simulated, on `page`; it stays with the tab across navigations.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async add(passkey, rpId, userHandle) {
      await cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: {
          credentialId: Buffer.from(passkey.credentialId, 'base64url').toString('base64'),
          isResidentCredential: userHandle !== undefined,
          rpId,
          privateKey: passkey.privateKey,
          signCount: 0,
          ...(userHandle === undefined ? {} : { userHandle: Buffer.from(userHandle).toString('base64') }),
        },
      });
    },
  };
}
