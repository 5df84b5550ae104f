/**
 * The README's recipe "A reminder that arrives" (issue 14), run as a new user runs it: a fresh `npm run dev`
 * (scripts/dev.ts on the embedded database, its own Temporal dev server and development mailbox, a new data
 * folder) with `DEMO_JOINED_ON=14d` (the demo users joined two weeks ago) and `RHYTHM_REMINDERS_EVERY=5s`. Within a
 * minute of the start the development mailbox holds the mail that yesterday's (the last working day's) success
 * diary is missing, to the salesperson and to their sales manager. Without the setting nobody is asked for a day
 * before they joined, which is why a fresh system reminds no one.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, expect, it } from 'vitest';
import { previousWorkingDay } from '../../domain/calendar';
import { businessToday } from '../../lib/dates';
import { freePort } from '../faults/support/processes';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

/** The mails in the development mailbox now, parsed. */
async function mailbox(dir: string): Promise<ParsedMail[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    files.filter((f) => f.endsWith('.eml')).map(async (f) => simpleParser(await readFile(join(dir, f)))),
  );
}
const to = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));

it('fresh npm run dev with DEMO_JOINED_ON=14d and RHYTHM_REMINDERS_EVERY=5s: the missing-diary mail arrives within a minute', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ff-rhythm-recipe-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: 'off',
    WORKER_APP_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    // The recipe's two settings.
    DEMO_JOINED_ON: '14d',
    RHYTHM_REMINDERS_EVERY: '5s',
  };
  // The embedded default, as a new user runs it: its own database, Temporal dev server and mailbox.
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanup.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT'); // Ctrl-C: stops the Temporal dev server it started too
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  // Started: the banner names the demo users and the day they joined.
  const started = Date.now();
  while (!output.includes('freightflow is running')) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited ${child.exitCode}:\n${output}`);
    if (Date.now() - started > 300_000) throw new Error(`npm run dev did not start in 5 minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const today = businessToday();
  const day = previousWorkingDay(today);
  expect(output).toMatch(/Demo users .*\(joined \d{4}-\d{2}-\d{2}\)/);

  // Within a minute: the mail about the last working day's diary, to the salesperson and their manager.
  const box = join(dataDir, 'mailbox');
  const diaryMails = async () =>
    (await mailbox(box)).filter((m) => (m.subject ?? '').includes(`成功日記未提交 Success diary missing`));
  const up = Date.now();
  let mails: ParsedMail[] = [];
  while (Date.now() - up < 60_000) {
    mails = await diaryMails();
    if (
      mails.some((m) => to(m).includes('sales@freightflow.test')) &&
      mails.some((m) => to(m).includes('sales_manager@freightflow.test'))
    )
      break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const toSales = mails.find((m) => to(m).includes('sales@freightflow.test'));
  expect(
    toSales,
    `no diary reminder for sales within a minute; mailbox: ${JSON.stringify((await mailbox(box)).map((m) => [to(m), m.subject]))}\n${output}`,
  ).toBeDefined();
  expect(toSales!.subject).toContain('[freightflow]');
  expect(toSales!.subject).toContain(day);
  expect(mails.some((m) => to(m).includes('sales_manager@freightflow.test'))).toBe(true);
  // Once per person and day however often the Schedule runs (every 5 s): two more runs add no copy.
  const count = (await diaryMails()).length;
  await new Promise((r) => setTimeout(r, 11_000));
  expect((await diaryMails()).length).toBe(count);
}, 480_000);
