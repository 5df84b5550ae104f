/** Starts the Temporal CLI dev server as a child process, its state in a SQLite file under the data directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { mergeDynamicConfig, TEMPORAL_SERVER_DYNAMIC_CONFIG, type TemporalConfig } from '../temporal.config';

async function reachable(address: string): Promise<boolean> {
  try {
    const c = await Connection.connect({ address, connectTimeout: 1000 });
    await c.workflowService.getSystemInfo({});
    await c.close();
    return true;
  } catch {
    return false;
  }
}

/** 'KEYWORD_LIST' → 'KeywordList', the spelling the CLI's --search-attribute flag takes. */
const cliTypeName = (t: string) =>
  t
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The child we started, or null when a server was already listening. */
  child: ChildProcess | null;
  stop(): Promise<void>;
}

/**
 * `codecEndpoint`: the remote codec the Web UI calls to show encrypted payloads (the API's `/codec`);
 * `dynamicConfig`: `KEY=JSON_VALUE` items over `TEMPORAL_SERVER_DYNAMIC_CONFIG` (by key), passed as `--dynamic-config-value`
 * (the bench's server-setting comparisons).
 */
export async function startDevServer(
  cli: string,
  cfg: TemporalConfig,
  dataDir: string,
  opts: { codecEndpoint?: string; dynamicConfig?: readonly string[] } = {},
): Promise<DevServer> {
  const { host, port, uiPort } = cfg.devServer;
  const address = `${host}:${port}`;
  const uiUrl = `http://${host}:${uiPort}`;
  if (await reachable(address)) return { address, uiUrl, child: null, stop: async () => undefined };
  await mkdir(dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    resolve(join(dataDir, 'temporal.db')),
    '--ip',
    host,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    cfg.namespace,
    '--log-level',
    'warn',
    ...(opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
    ...mergeDynamicConfig(TEMPORAL_SERVER_DYNAMIC_CONFIG, opts.dynamicConfig).flatMap((v) => [
      '--dynamic-config-value',
      v,
    ]),
    ...cfg.searchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeName(k.type)}`]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  while (!(await reachable(address))) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Temporal dev server did not answer on ${address} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    address,
    uiUrl,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
