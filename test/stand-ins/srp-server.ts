import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server half of Cognito's SRP-6a (USER_SRP_AUTH), written from AWS's reference client
 * (amazon-cognito-identity-js AuthenticationHelper): the 3072-bit RFC 5054 group, g = 2, k = H(N | g),
 * x = H(salt | H(poolName | userId | ":" | password)), u = H(A | B), S = (A · v^u)^b mod N,
 * K = HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key")[0..16), and the password claim
 * HMAC-SHA256(K, poolName | userId | secretBlock | timestamp). Every big number is hashed in AWS's
 * "padHex" form (even length, a 00 byte in front when the top bit is set).
 */
export const SRP_N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1' +
    '29024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245' +
    'E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D' +
    'C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D' +
    '670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9' +
    'DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
    'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B' +
    'F12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31' +
    '43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const SRP_G = 2n;

export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

export const SRP_K = BigInt(`0x${hexHash(`${padHex(SRP_N)}${padHex(SRP_G)}`)}`);

/** `local_AbC` → `AbC`: the part of the pool id Cognito puts into the SRP hashes. */
export function poolNameOf(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? userPoolId;
}

/** The verifier v = g^x for a salt (hex) and password; real Cognito stores this instead of the password. */
export function srpVerifier(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const userHash = sha256Hex(`${poolName}${userId}:${password}`);
  const x = BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + userHash)}`);
  return modPow(SRP_G, x, SRP_N);
}

export interface SrpChallenge {
  saltHex: string;
  /** B as unpadded hex, as Cognito's SRP_B. */
  srpB: string;
  b: bigint;
  verifier: bigint;
}

export function srpChallenge(verifier: bigint, saltHex: string): SrpChallenge {
  let b = 0n;
  let B = 0n;
  while (B % SRP_N === 0n) {
    b = BigInt(`0x${randomBytes(128).toString('hex')}`);
    B = (SRP_K * verifier + modPow(SRP_G, b, SRP_N)) % SRP_N;
  }
  return { saltHex, srpB: B.toString(16), b, verifier };
}

function hkdf16(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** The session key K the client must have derived from A, if it knew the password. */
export function srpSessionKey(challenge: SrpChallenge, srpAHex: string): Buffer | undefined {
  let A: bigint;
  try {
    A = BigInt(`0x${srpAHex}`);
  } catch {
    return undefined;
  }
  if (A % SRP_N === 0n) return undefined;
  const B = BigInt(`0x${challenge.srpB}`);
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  if (u === 0n) return undefined;
  const S = modPow(A * modPow(challenge.verifier, u, SRP_N), challenge.b, SRP_N);
  return hkdf16(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
}

export function passwordClaimSignature(key: Buffer, poolName: string, userId: string, secretBlockBase64: string, timestamp: string): Buffer {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'), Buffer.from(secretBlockBase64, 'base64'), Buffer.from(timestamp, 'utf8')]),
    )
    .digest();
}

export function verifyPasswordClaim(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlockBase64: string,
  timestamp: string,
  signatureBase64: string,
): boolean {
  const expected = passwordClaimSignature(key, poolName, userId, secretBlockBase64, timestamp);
  const given = Buffer.from(signatureBase64, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}
