import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request, with whatever Host and Authorization a test wants (fetch would not send a foreign Host). */
export function httpGet(url: string, options: { method?: string; host?: string; authorization?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port,
        path: target.pathname,
        method: options.method ?? 'GET',
        headers: {
          ...(options.host === undefined ? {} : { Host: options.host }),
          ...(options.authorization === undefined ? {} : { Authorization: options.authorization }),
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
