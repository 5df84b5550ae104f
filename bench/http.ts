/**
 * A small JSON client over keep-alive sockets (node:http), timing each call from request to last body byte.
 * Given several base URLs (API replicas), it sends each request to the next one in turn (round-robin).
 */
import http from 'node:http';

export interface HttpResult {
  status: number;
  body: any;
  /** Milliseconds from sending the request to having read the whole answer; status 0 = network error. */
  ms: number;
  /** When the request was sent (process.hrtime.bigint()). */
  startedAt: bigint;
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly urls: URL[];
  private next = 0;

  /** `maxSockets`: per replica. */
  constructor(baseUrl: string | readonly string[], maxSockets: number) {
    this.urls = (typeof baseUrl === 'string' ? [baseUrl] : baseUrl).map((u) => new URL(u));
    if (this.urls.length === 0) throw new Error('HttpClient needs at least one base URL');
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; idempotencyKey?: string; timeoutMs?: number } = {},
  ): Promise<HttpResult> {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const url = this.urls[this.next++ % this.urls.length]!;
    const startedAt = process.hrtime.bigint();
    const done = (status: number, body: unknown): HttpResult => ({
      status,
      body,
      ms: Number(process.hrtime.bigint() - startedAt) / 1e6,
      startedAt,
    });
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: opts.timeoutMs ?? 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON */
            }
            resolve(done(res.statusCode ?? 0, body));
          });
          res.on('error', (e) => resolve(done(0, { code: 'network', message: e.message })));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve(done(0, { code: 'network', message: e.message })));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
