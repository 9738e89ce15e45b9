import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throw-away certificate authority made with openssl, and one server certificate it signs for the given
 * host names (and 127.0.0.1), as a company CA would sign an internal gateway's or a TLS-inspecting proxy's.
 * EC keys: generated in milliseconds.
 */
export interface TestCa {
  /** PEM file of the CA certificate (what AWS_CA_BUNDLE points at). */
  caFile: string;
  caPem: string;
  key: string;
  cert: string;
}

export async function makeTestCa(dir: string, hostNames: readonly string[]): Promise<TestCa> {
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Cognito Broker Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${hostNames[0] ?? 'localhost'}`]);
  const names = [...hostNames.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  await writeFile(f('server.ext'), `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('server.ext'),
  ]);
  const [caPem, key, cert] = await Promise.all([readFile(f('ca.pem'), 'utf8'), readFile(f('server.key'), 'utf8'), readFile(f('server.pem'), 'utf8')]);
  return { caFile: f('ca.pem'), caPem, key, cert };
}
