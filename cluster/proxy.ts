/**
 * A loopback round-robin HTTP proxy in front of the API replicas (node:http, what a load balancer does in
 * production): each request goes to the next replica; a replica that refuses the connection (it is down)
 * is skipped for 2 s and the request goes to the next one — safe, since nothing was delivered. A replica
 * that dies while answering gives 502 (the client retries with the same Idempotency-Key).
 */
import http from 'node:http';

export interface RoundRobinProxy {
  url: string;
  /** Requests sent to each upstream (refused attempts not counted). */
  served: Map<string, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te']);
const DOWN_FOR_MS = 2_000;

/**
 * Listens on `host:port` (port 0: any free one) and spreads requests over `upstreams` (base URLs such as
 * `http://127.0.0.1:3301`). Request bodies are buffered (at most 64 MiB) so a refused attempt can be replayed.
 */
export async function startRoundRobinProxy(upstreams: string[], host: string, port: number): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error('the proxy needs at least one upstream');
  const targets = upstreams.map((u) => ({ url: new URL(u), downUntil: 0 }));
  const served = new Map(upstreams.map((u) => [u, 0]));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const pick = (tried: Set<number>): number | undefined => {
    const now = Date.now();
    for (let i = 0; i < targets.length; i++) {
      const k = (next + i) % targets.length;
      if (!tried.has(k) && targets[k]!.downUntil <= now) {
        next = k + 1;
        return k;
      }
    }
    // Every untried one is marked down: try one anyway rather than fail without trying.
    for (let k = 0; k < targets.length; k++) if (!tried.has(k)) return k;
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024 * 1024) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      const tried = new Set<number>();
      const attempt = () => {
        const k = pick(tried);
        if (k === undefined) {
          if (!res.headersSent)
            res
              .writeHead(502, { 'content-type': 'application/json' })
              .end(JSON.stringify({ error: 'bad_gateway', message: 'no API replica accepted the connection' }));
          return;
        }
        tried.add(k);
        const t = targets[k]!;
        const up = http.request(
          { host: t.url.hostname, port: t.url.port, method: req.method, path: req.url, headers, agent },
          (ur) => {
            served.set(t.url.origin, (served.get(t.url.origin) ?? 0) + 1);
            const h: http.OutgoingHttpHeaders = {};
            for (const [hk, hv] of Object.entries(ur.headers)) if (!HOP_BY_HOP.has(hk) && hv !== undefined) h[hk] = hv;
            res.writeHead(ur.statusCode ?? 502, h);
            ur.pipe(res);
            ur.on('error', () => res.destroy());
          },
        );
        up.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNREFUSED') {
            t.downUntil = Date.now() + DOWN_FOR_MS;
            attempt();
          } else if (!res.headersSent) {
            res
              .writeHead(502, { 'content-type': 'application/json' })
              .end(JSON.stringify({ error: 'bad_gateway', message: `API replica failed: ${e.code ?? e.message}` }));
          } else res.destroy();
        });
        up.end(body);
      };
      attempt();
    });
  });
  await new Promise<void>((r, j) => {
    server.once('error', j);
    server.listen(port, host, () => r());
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://${host}:${actual}`,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        agent.destroy();
      }),
  };
}
