import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { BrokerError } from '../errors.js';

/**
 * The certificate authorities to trust when the person names extra ones, as AWS tools do with `AWS_CA_BUNDLE`
 * (a PEM file; AWS CLI user guide, "Environment variables to configure the AWS CLI"). Unlike botocore, which
 * trusts only the named bundle, the broker trusts it in addition to the usual store, so a bundle holding just
 * the company CA does not cut it off from AWS endpoints the proxy does not intercept.
 *
 * Passing `ca` to TLS replaces Node's default store, so the defaults are added back explicitly: the bundled
 * Mozilla store, the OS store where this Node can read it (`tls.getCACertificates`, Node 22.15+), and the
 * certificates of `NODE_EXTRA_CA_CERTS` — which Node itself loads at start-up for plain Node, but which a
 * packaged Electron app ignores on purpose (its NODE_OPTIONS fuse), so the broker follows what the runtime
 * loaded (`getCACertificates('default')`) where it can tell.
 */
export interface Trust {
  ca: string[];
  /** Cache key: the files the extra certificates came from. */
  key: string;
  /**
   * One TLS context for every connection of the process: building one from a few hundred certificates takes
   * tens of milliseconds, which `ca` given per connection would pay on every handshake.
   */
  secureContext(): tls.SecureContext;
}

type CaStore = 'default' | 'system' | 'bundled' | 'extra';
const getCACertificates = (tls as unknown as { getCACertificates?: (store?: CaStore) => string[] }).getCACertificates;

let cached: { key: string; trust: Trust } | undefined;

/** Undefined when nothing beyond the runtime's own store is asked for (the default TLS settings then apply). */
export function extraTrust(env: NodeJS.ProcessEnv = process.env): Trust | undefined {
  const bundle = env.AWS_CA_BUNDLE?.trim();
  if (!bundle) return undefined;
  const nodeExtra = getCACertificates ? undefined : env.NODE_EXTRA_CA_CERTS?.trim() || undefined;
  const key = `${bundle}\n${nodeExtra ?? ''}`;
  if (cached?.key === key) return cached.trust;
  const defaults = getCACertificates ? [...getCACertificates('default'), ...systemStore()] : [...tls.rootCertificates];
  const extra = nodeExtra === undefined ? [] : readPem(nodeExtra, 'NODE_EXTRA_CA_CERTS');
  // The same certificate often arrives twice (a bundle that copies the system store): once is enough.
  const ca = [...new Set([...defaults, ...extra, ...readPem(bundle, 'AWS_CA_BUNDLE')])];
  let context: tls.SecureContext | undefined;
  const trust: Trust = { ca, key, secureContext: () => (context ??= tls.createSecureContext({ ca })) };
  cached = { key, trust };
  return trust;
}

function systemStore(): string[] {
  try {
    return getCACertificates?.('system') ?? [];
  } catch {
    return [];
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readPem(path: string, variable: 'AWS_CA_BUNDLE' | 'NODE_EXTRA_CA_CERTS'): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new BrokerError('config-invalid', `The certificate file that ${variable} names could not be read; fix ${variable} to point at a PEM file.`, {
      cause,
    });
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    throw new BrokerError(
      'config-invalid',
      `The file that ${variable} names holds no PEM certificate; fix ${variable} to point at a PEM file of CA certificates.`,
    );
  }
  return certificates;
}
