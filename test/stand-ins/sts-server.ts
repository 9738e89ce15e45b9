import { createPublicKey, randomBytes, randomUUID, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CallCounter, closeServer, listenOnLoopback, readBody } from './aws-json.js';

/**
 * A stand-in for AWS STS AssumeRoleWithWebIdentity, the second half of the identity pool's basic flow,
 * following the STS API reference: AWS query protocol (POST form `Action=AssumeRoleWithWebIdentity&
 * Version=2011-06-15&...`, unsigned), an XML `AssumeRoleWithWebIdentityResponse`, and errors as an XML
 * `ErrorResponse` (`<Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>`).
 *
 * The web identity token is checked as IAM does for Cognito identity tokens: RS512 signature against the
 * identity pool's OpenID key (by kid), issuer `https://cognito-identity.amazonaws.com`, expiry, and the
 * role's trust policy conditions `cognito-identity.amazonaws.com:aud` (the identity pool id) and
 * `cognito-identity.amazonaws.com:amr` = `authenticated`. DurationSeconds is 900 s up to the role's
 * MaxSessionDuration (1 h by default, at most 12 h); the default is 3600.
 */
export interface StsRole {
  arn: string;
  /** Seconds; AWS's default for a role is 3600, its maximum 43200. */
  maxSessionDuration?: number;
  /** Trust policy: identity pools (aud) allowed to assume the role with an authenticated identity. */
  trustedIdentityPools: string[];
}

export interface IssuedStsCredentials {
  roleArn: string;
  subject: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  durationSeconds: number;
}

export interface StsServer {
  endpoint: string;
  counts: CallCounter;
  issued: IssuedStsCredentials[];
  stop(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ISSUER = 'https://cognito-identity.amazonaws.com';

class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': randomUUID() });
  res.end(xml);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function randomId(prefix: string, length: number): string {
  let out = prefix;
  for (const b of randomBytes(length)) out += ALNUM[b % ALNUM.length];
  return out;
}

/** `2026-11-21T07:00:00Z`: STS's timestamps carry no milliseconds. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function startStsServer(options: { openIdJwk: () => Record<string, unknown>; roles: StsRole[]; accountId?: string }): Promise<StsServer> {
  const counts = new CallCounter();
  const issued: IssuedStsCredentials[] = [];
  const roles = new Map(options.roles.map((r) => [r.arn, r]));

  function verifyToken(token: string): Record<string, unknown> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new StsError('InvalidIdentityToken', "Couldn't parse the web identity token.");
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new StsError('InvalidIdentityToken', "Couldn't parse the web identity token.");
    }
    const jwk = options.openIdJwk();
    if (header.alg !== 'RS512' || header.kid !== jwk.kid)
      throw new StsError('InvalidIdentityToken', 'The web identity token was not signed by a key of its issuer.');
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const ok = verify('sha512', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'));
    if (!ok) throw new StsError('InvalidIdentityToken', 'The web identity token signature is not valid.');
    if (payload.iss !== ISSUER) throw new StsError('InvalidIdentityToken', 'The issuer of the web identity token is not trusted.');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now()) {
      throw new StsError('ExpiredTokenException', 'Token expired: current date/time must be before the expiration date/time.');
    }
    return payload;
  }

  function assumeRoleWithWebIdentity(form: URLSearchParams): string {
    const roleArn = form.get('RoleArn');
    const sessionName = form.get('RoleSessionName');
    const token = form.get('WebIdentityToken');
    for (const [name, value] of [
      ['roleArn', roleArn],
      ['roleSessionName', sessionName],
      ['webIdentityToken', token],
    ] as const) {
      if (!value)
        throw new StsError('ValidationError', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName!)) {
      throw new StsError(
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
    }
    const duration = form.has('DurationSeconds') ? Number(form.get('DurationSeconds')) : 3600;
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new StsError(
        'ValidationError',
        "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200",
      );
    }
    const claims = verifyToken(token!);
    const role = roles.get(roleArn!);
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    // IAM answers an unknown role and a trust policy that does not match the same way, saying nothing more.
    if (!role || !role.trustedIdentityPools.includes(String(claims.aud)) || !amr.includes('authenticated')) {
      throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    }
    if (duration > (role.maxSessionDuration ?? 3600)) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const now = Date.now();
    const creds: IssuedStsCredentials = {
      roleArn: role.arn,
      subject: String(claims.sub),
      accessKeyId: randomId('ASIA', 16),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(180).toString('base64'),
      expiration: new Date(Math.floor(now / 1000) * 1000 + duration * 1000),
      durationSeconds: duration,
    };
    issued.push(creds);
    const roleName = role.arn.split('/').pop()!;
    const account = options.accountId ?? role.arn.split(':')[4]!;
    return (
      `<AssumeRoleWithWebIdentityResponse xmlns="${NS}"><AssumeRoleWithWebIdentityResult>` +
      `<SubjectFromWebIdentityToken>${xmlEscape(creds.subject)}</SubjectFromWebIdentityToken>` +
      `<Audience>${xmlEscape(String(claims.aud))}</Audience>` +
      `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName!)}</Arn>` +
      `<AssumedRoleId>${randomId('AROA', 17)}:${xmlEscape(sessionName!)}</AssumedRoleId></AssumedRoleUser>` +
      `<Credentials><SessionToken>${creds.sessionToken}</SessionToken><SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>` +
      `<Expiration>${isoSeconds(creds.expiration)}</Expiration><AccessKeyId>${creds.accessKeyId}</AccessKeyId></Credentials>` +
      `<Provider>cognito-identity.amazonaws.com</Provider>` +
      `</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = (await readBody(req)).toString('utf8');
      if (req.method !== 'POST') throw new StsError('InvalidAction', 'Could not find operation for this request.');
      const form = new URLSearchParams(body);
      const action = form.get('Action');
      counts.add(action ?? 'none');
      if (form.get('Version') !== '2011-06-15') throw new StsError('InvalidAction', 'Could not find operation for this request.');
      if (action !== 'AssumeRoleWithWebIdentity') throw new StsError('InvalidAction', `Could not find operation ${action ?? ''} for version 2011-06-15.`);
      sendXml(res, 200, assumeRoleWithWebIdentity(form));
    } catch (error) {
      const e = error instanceof StsError ? error : new StsError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
      sendXml(
        res,
        e.status,
        `<ErrorResponse xmlns="${NS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  const endpoint = await listenOnLoopback(server);
  return { endpoint, counts, issued, stop: () => closeServer(server) };
}
