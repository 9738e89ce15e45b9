import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * An HTTPS front for one of the backend's plain-http endpoints, with a certificate from the test CA: the
 * backend stays http while the broker talks TLS to a host name, as it does to AWS. Paths, methods, headers
 * and bodies pass through unchanged (Host is set to the upstream's). Every request is recorded.
 */
export interface TlsGateway {
  port: number;
  /** `https://<host>:<port>` for a host name the certificate names. */
  url(host: string): string;
  /** Requests seen: `<Host header> <METHOD> <path>`. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startTlsGateway(upstream: string, tls: { key: string; cert: string }): Promise<TlsGateway> {
  const target = new URL(upstream);
  const requests: string[] = [];
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    requests.push(`${req.headers.host ?? ''} ${req.method ?? ''} ${req.url ?? ''}`);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (host) => `https://${host}:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
