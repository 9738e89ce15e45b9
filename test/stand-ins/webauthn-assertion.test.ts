import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AssertionRefused, originAllowed, parseAssertion, verifyAssertion, type ParsedAssertion } from './webauthn-assertion.js';

/**
 * Unit test of the assertion verifier, one function: assertions are built here as an authenticator would
 * (authenticatorData = rpIdHash || flags || signCount, signature over authenticatorData || SHA-256(clientDataJSON),
 * W3C WebAuthn §6.1 and §6.3.3), then each check of §7.2 is shown to refuse what it must. The browser-made
 * assertions are in passkey-sign-in.test.ts.
 */
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CHALLENGE = Buffer.from('the-challenge-the-server-issued!').toString('base64url');

interface Make {
  type?: string;
  challenge?: string;
  origin?: string;
  rpId?: string;
  flags?: number;
  signCount?: number;
  key?: KeyObject;
  algorithm?: 'es256' | 'rs256';
}

function make(over: Make = {}): ParsedAssertion {
  const clientDataJSON = Buffer.from(
    JSON.stringify({
      type: over.type ?? 'webauthn.get',
      challenge: over.challenge ?? CHALLENGE,
      origin: over.origin ?? 'http://localhost:5000',
      crossOrigin: false,
    }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(over.signCount ?? 1);
  const authenticatorData = Buffer.concat([
    createHash('sha256')
      .update(over.rpId ?? 'localhost')
      .digest(),
    Buffer.from([over.flags ?? 0x05]),
    counter,
  ]);
  const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
  const signature =
    over.algorithm === 'rs256' ? sign('sha256', signed, rsa.privateKey) : sign('sha256', signed, { key: over.key ?? ec.privateKey, dsaEncoding: 'der' });
  return { id: 'cred', clientDataJSON, authenticatorData, signature };
}

const expected = { challenge: CHALLENGE, rpId: 'localhost', userVerification: 'required' as const, publicKey: ec.publicKey, storedSignCount: 0 };

describe('verifyAssertion (W3C WebAuthn §7.2)', () => {
  it('accepts a well-formed ES256 assertion and reports its counter; RS256 too', () => {
    expect(verifyAssertion(make({ signCount: 7 }), expected)).toEqual({ signCount: 7 });
    expect(verifyAssertion(make({ algorithm: 'rs256' }), { ...expected, publicKey: rsa.publicKey })).toEqual({ signCount: 1 });
  });

  it.each<[string, Make, Partial<typeof expected>?]>([
    ['a registration (webauthn.create)', { type: 'webauthn.create' }],
    ['another challenge', { challenge: Buffer.from('another').toString('base64url') }],
    ['an origin of another site', { origin: 'https://evil.example' }],
    ['plain http on a non-localhost host', { origin: 'http://auth.example.com' }, { rpId: 'auth.example.com' }],
    ['an rpIdHash of another relying party', { rpId: 'example.com' }],
    ['no user presence (UP clear)', { flags: 0x04 }],
    ['no user verification where it is required (UV clear)', { flags: 0x01 }],
    ['a signature by another key', { key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }],
    ['a counter that did not grow', { signCount: 3 }, { storedSignCount: 3 }],
  ])('refuses %s', (_what, over, exp = {}) => {
    expect(() => verifyAssertion(make(over), { ...expected, ...exp })).toThrow(AssertionRefused);
  });

  it('accepts no user verification where the pool only prefers it, and a zero counter where none is kept', () => {
    expect(verifyAssertion(make({ flags: 0x01, signCount: 0 }), { ...expected, userVerification: 'preferred' })).toEqual({ signCount: 0 });
  });

  it('origins: https on the RP ID or a subdomain, http only on localhost', () => {
    expect(originAllowed('https://auth.example.com', 'auth.example.com')).toBe(true);
    expect(originAllowed('https://login.auth.example.com', 'auth.example.com')).toBe(true);
    expect(originAllowed('https://notauth.example.com', 'auth.example.com')).toBe(false);
    expect(originAllowed('http://localhost:8080', 'localhost')).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', 'localhost')).toBe(false);
  });

  it('parseAssertion refuses what is not an AuthenticationResponseJSON', () => {
    expect(() => parseAssertion('not json')).toThrow(AssertionRefused);
    expect(() => parseAssertion(JSON.stringify({ id: 'x', type: 'public-key', response: {} }))).toThrow(AssertionRefused);
    expect(() => parseAssertion(JSON.stringify({ id: 'x', type: 'password', response: { clientDataJSON: '', authenticatorData: '', signature: '' } }))).toThrow(
      AssertionRefused,
    );
  });
});
