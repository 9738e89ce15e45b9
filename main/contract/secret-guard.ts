/**
 * The last check before anything leaves the core for the renderer (IPC, the HTTP bridge, events): a value
 * that carries a token, an AWS key, a password or a TOTP seed is refused as a whole rather than trimmed,
 * because a trimmed result would hide the bug that produced it.
 *
 * Two kinds of evidence, because either alone misses cases:
 * - field names that only ever hold secrets (`sessionToken`, `refreshToken`, `password`, ...), whatever
 *   their value;
 * - values shaped like secrets wherever they sit (a JWT, an AWS access key id, an otpauth URI, a PEM key).
 *
 * The only exceptions are the TOTP seed a person must see to enrol (see app-api.ts): the `secret` and
 * `otpauthUri` of the sign-in flow's enrolment step (`kind: 'mfa-setup'`), and the same two fields at the top
 * of startTotpEnrolment's result — only there, and only when the caller says the value is that result.
 *
 * It lives in the contract because it is the rule of what may cross it, and the activity log (a domain
 * module, whose entries the window lists) applies the same rule without depending on the API layer.
 */

/** Field names compared after lower-casing and dropping everything but letters and digits. */
const SECRET_FIELDS = new Set([
  'accesskeyid',
  'secretaccesskey',
  'sessiontoken',
  'idtoken',
  'accesstoken',
  'refreshtoken',
  'token',
  'tokens',
  'password',
  'newpassword',
  'previouspassword',
  'clientsecret',
  'secret',
  'secretkey',
  'secretcode',
  'totpsecret',
  /** A remembered device's password (auth/devices): it proves the device as a password proves the user. */
  'devicepassword',
  'privatekey',
  'otpauthuri',
  'credentials',
]);

const SECRET_VALUES: { name: string; pattern: RegExp }[] = [
  { name: 'a JSON Web Token', pattern: /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: 'an otpauth URI', pattern: /otpauth:\/\//i },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

export interface SecretFinding {
  /** Where it was found, e.g. `result[0].session.refreshToken` — a path, never the value. */
  path: string;
  reason: string;
}

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isEnrolmentStep(value: Record<string, unknown>): boolean {
  return value.kind === 'mfa-setup';
}

/**
 * Returns the first secret found in `value`, or null. Walks plain data only (what JSON or structured clone
 * would carry); cycles and absurd depth count as findings because no legitimate result has them.
 */
export interface FindSecretOptions {
  /** The value is startTotpEnrolment's result: its own top-level `secret` and `otpauthUri` may pass. */
  totpEnrolmentResult?: boolean;
}

export function findSecret(value: unknown, path = 'result', options: FindSecretOptions = {}): SecretFinding | null {
  const seen = new Set<object>();
  const walk = (v: unknown, p: string, depth: number): SecretFinding | null => {
    if (typeof v === 'string') {
      for (const { name, pattern } of SECRET_VALUES) if (pattern.test(v)) return { path: p, reason: `looks like ${name}` };
      return null;
    }
    if (v === null || typeof v !== 'object') return null;
    if (depth > 32) return { path: p, reason: 'nested too deeply to check' };
    if (seen.has(v)) return { path: p, reason: 'refers to itself' };
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const f = walk(v[i], `${p}[${i}]`, depth + 1);
        if (f) return f;
      }
      return null;
    }
    const record = v as Record<string, unknown>;
    const enrolment = isEnrolmentStep(record) || (depth === 0 && options.totpEnrolmentResult === true);
    for (const key of Object.keys(record)) {
      const child = `${p}.${key}`;
      const n = normalise(key);
      if (enrolment && (n === 'secret' || n === 'otpauthuri')) continue;
      const field = record[key];
      // `session` is a SessionView in AccountView/SignInStep (an object of metadata); as a string it would be
      // a Cognito challenge session or a token bundle, which never leaves the core.
      if (n === 'session' && typeof field === 'string') return { path: child, reason: 'is a sign-in session' };
      if (SECRET_FIELDS.has(n)) return { path: child, reason: 'is a field that holds secrets' };
      const f = walk(field, child, depth + 1);
      if (f) return f;
    }
    return null;
  };
  return walk(value, path, 0);
}
