/**
 * The development mailbox: an SMTP server on loopback (`smtp-server`) that keeps every mail it receives
 * as an `.eml` file in a folder, so that `npm run dev` delivers notices to a real mailbox without any
 * outside mail server (like Mailpit, without a download). Never used when SMTP_URL is set.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';

/** Starts the mailbox on 127.0.0.1:`port` (0: any free port); mails land in `dir` as `<time>-<n>.eml`. */
export async function startDevMailbox(dir: string, port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      n += 1;
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${n}.eml`);
      pipeline(stream, createWriteStream(file)).then(() => done(), done);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
