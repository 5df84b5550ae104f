/** Shared start-up of the processes (dev, worker, api): shutdown on signals, URLs safe to print (the database: db/bootstrap.ts). */

export const redact = (url: string) => url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');

/** Runs `stop` once on SIGINT / SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
