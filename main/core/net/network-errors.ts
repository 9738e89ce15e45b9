import { BrokerError, isBrokerError } from '../errors.js';
import { describeProxy } from './proxy-env.js';
import type { Route } from './route.js';

/**
 * One sentence for each way a company network breaks a request, naming the setting that fixes it
 * (HTTPS_PROXY / HTTP_PROXY, the system proxy settings, AWS_CA_BUNDLE). The proxy is shown as scheme, host and
 * port only: a `user:password@` in the variable never reaches a message.
 */
const TRUST_CODES: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate in its chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not a known CA',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not a known CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not a known CA',
  CERT_UNTRUSTED: 'its CA is not trusted',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
};

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name does not resolve',
  EHOSTUNREACH: 'its host cannot be reached',
  ENETUNREACH: 'its network cannot be reached',
  ETIMEDOUT: 'it did not answer',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer',
};

const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Every `code` and message along an error's cause chain (and inside an AggregateError). */
function facts(error: unknown, depth = 0): { codes: string[]; messages: string[] } {
  const out = { codes: [] as string[], messages: [] as string[] };
  if (!error || typeof error !== 'object' || depth > 8) return out;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') out.codes.push(e.code);
  if (typeof e.message === 'string') out.messages.push(e.message);
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])]) {
    const more = facts(inner, depth + 1);
    out.codes.push(...more.codes);
    out.messages.push(...more.messages);
  }
  return out;
}

function setting(route: Route): string {
  return route.source === 'system' ? 'the system proxy settings' : (route.source ?? 'HTTPS_PROXY');
}

function proxyLabel(route: Route): string {
  return `The proxy ${route.proxy ? describeProxy(route.proxy) : ''} (from ${setting(route)})`;
}

export function proxyUnreachable(route: Route, reason: string, cause?: unknown): BrokerError {
  const fix = route.source === 'system' ? 'fix the system proxy settings' : `fix ${setting(route)}, or list the host in NO_PROXY if it needs no proxy`;
  return new BrokerError(
    'network',
    `Could not connect to the proxy ${route.proxy ? describeProxy(route.proxy) : ''} from ${setting(route)} (${reason}); ${fix}.`,
    { cause },
  );
}

export function proxyRefused(route: Route, target: URL, status: number, cause?: unknown): BrokerError {
  return new BrokerError(
    'network',
    `${proxyLabel(route)} refused to open a connection to ${target.host} (HTTP ${status}); fix ${setting(route)}, or ask the proxy's administrators to allow ${target.hostname}.`,
    { cause },
  );
}

export function proxyClosed(route: Route, target: URL, cause?: unknown): BrokerError {
  return new BrokerError('network', `${proxyLabel(route)} closed the connection to ${target.host} before it was set up; fix ${setting(route)}.`, { cause });
}

export function proxyTimedOut(route: Route, target: URL, seconds: number): BrokerError {
  return new BrokerError('network', `${proxyLabel(route)} did not open a connection to ${target.host} within ${seconds} s; fix ${setting(route)}.`);
}

export function untrustedCertificate(route: Route, host: string, reason: string, cause?: unknown): BrokerError {
  const message = route.trust
    ? `The TLS certificate of ${host} is not trusted even with the certificates in AWS_CA_BUNDLE (${reason}); add the CA that signs it to the file AWS_CA_BUNDLE names.`
    : `The TLS certificate of ${host} is not trusted (${reason}); set AWS_CA_BUNDLE to a PEM file with your company's CA certificate.`;
  return new BrokerError('network', message, { cause });
}

/**
 * A BrokerError for a failure the network set-up explains, or undefined to let the caller describe it (a
 * server's own error, a plain outage without a proxy). `phase` says whether the proxy had already opened the
 * tunnel: after that, a reset is the target's, not the proxy's.
 */
export function networkFailure(error: unknown, route: Route, target: URL, phase: 'proxy' | 'target' = 'proxy'): BrokerError | undefined {
  if (isBrokerError(error)) return error;
  const { codes, messages } = facts(error);
  for (const code of codes) {
    const reason = TRUST_CODES[code];
    if (reason) return untrustedCertificate(route, target.hostname, reason, error);
  }
  if (!route.proxy || phase !== 'proxy') return undefined;
  const status = messages.map((m) => /Proxy response \((\d{3})\)/.exec(m)).find(Boolean);
  if (status) return proxyRefused(route, target, Number(status[1]), error);
  for (const code of codes) {
    const reason = CONNECT_CODES[code];
    if (reason) return proxyUnreachable(route, reason, error);
  }
  if (codes.some((c) => CLOSED_CODES.has(c)) || messages.some((m) => /socket hang up|other side closed|connection ended|closed/i.test(m))) {
    return proxyClosed(route, target, error);
  }
  return undefined;
}
