/**
 * Reminders that arrive (issue 14): the rhythm's Temporal Schedules on the real dev server, every 2 s here
 * instead of each morning, find the salesperson who has not submitted yesterday's success diary and last
 * week's plan and summary; the notices leave the outbox by mail to a real SMTP server on loopback, the
 * items land in the salesperson's and the sales manager's inboxes, once however often the Schedule runs; a
 * submitted diary or report produces none, and submitting closes the flag.
 */
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousWorkingDay } from '../../domain/calendar';
import { periodOf, previousPeriod } from '../../domain/plan';
import { businessToday } from '../../lib/dates';
import { ensureRhythmSchedules } from '../../lib/rhythm-schedules';
import { createNoticeSender } from '../../worker/notice-sender';
import { startOutboxDispatcher } from '../../worker/outbox';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let smtp: SMTPServer;
let outbox: { stop(): Promise<void> };
let scheduleIds: string[] = [];
const received: { to: string[]; mail: ParsedMail }[] = [];
const today = businessToday();
// No calendar overrides in a fresh database: the package's calendar is the whole calendar.
const diaryDay = previousWorkingDay(today);
const lastWeek = previousPeriod('weekly', periodOf('weekly', today));

const mailsTo = (address: string, subject: string) =>
  received.filter((m) => m.to.includes(address) && (m.mail.subject ?? '').includes(subject));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  s = await startStack();
  await s.addUser('rh_mgr', 'sales_manager');
  await s.addUser('rh_ann', 'sales', 'rh_mgr');
  await s.addUser('rh_bob', 'sales', 'rh_mgr');
  for (const id of ['rh_mgr', 'rh_ann', 'rh_bob'])
    await s.db
      .updateTable('users')
      .set({ email: `${id}@example.test` })
      .where('id', '=', id)
      .execute();
  // They joined long before the deadlines looked at (someone who joins later is not asked for earlier ones).
  await sql`update users set created_at = '2025-01-01T00:00:00Z' where id like 'rh_%'`.execute(s.db);
  // Bob has sent yesterday's diary and last week's report; Ann has sent neither.
  const diary = await s.http('PUT', `/diaries/${diaryDay}`, {
    as: 'rh_bob',
    body: { todayWork: '拜訪兩家客戶 two visits', tomorrowPlan: '跟進報價 follow up quotes' },
  });
  expect(diary.status).toBe(200);
  const plan = await s.http('POST', '/plans', {
    as: 'rh_bob',
    body: {
      kind: 'weekly',
      period: lastWeek,
      nextTargets: { containers: 3, money: [], newCustomers: 0, collectionRatePct: '90' },
      sections: {},
    },
  });
  expect(plan.status).toBe(201);
  expect((await s.http('POST', `/plans/${plan.body.id}/submit`, { as: 'rh_bob' })).status).toBe(200);

  outbox = startOutboxDispatcher(
    s.db,
    createNoticeSender({ mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'freightflow <noreply@ff.test>' } }),
    300,
  );
  scheduleIds = await ensureRhythmSchedules(s.client, {
    ...s.temporalConfig,
    at: { hour: 8, minute: 30 },
    everyMs: 2000,
  });
}, 240_000);

afterAll(async () => {
  for (const id of scheduleIds)
    await s?.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await outbox?.stop();
  await s?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('the rhythm’s reminders as Temporal Schedules', () => {
  it('are Schedules of the server, one per deadline, created idempotently (a second start updates them)', async () => {
    expect(scheduleIds.map((id) => id.slice(s.temporalConfig.workflowIdPrefix.length))).toEqual([
      'rhythm-diary',
      'rhythm-weekly',
      'rhythm-monthly',
      'rhythm-annual',
    ]);
    // A second API process starting: the same Schedules, now at the morning hour in the business time zone.
    const again = await ensureRhythmSchedules(s.client, { ...s.temporalConfig, at: { hour: 8, minute: 30 } });
    expect(again).toEqual(scheduleIds);
    const d = await s.client.schedule.getHandle(scheduleIds[0]!).describe();
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'rhythmReminderWorkflow' });
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }] });
    // Back to every 2 s for the rest of the file.
    await ensureRhythmSchedules(s.client, { ...s.temporalConfig, at: { hour: 8, minute: 30 }, everyMs: 2000 });
  });

  it('a missing diary: a mail to the salesperson and to their manager, the flag in both inboxes', async () => {
    await expect
      .poll(() => mailsTo('rh_ann@example.test', `Success diary missing: ${diaryDay}`).length, { timeout: 60_000 })
      .toBe(1);
    await expect
      .poll(() => mailsTo('rh_mgr@example.test', `Success diary missing: rh_ann ${diaryDay}`).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const mail = mailsTo('rh_ann@example.test', 'Success diary missing')[0]!.mail;
    expect(mail.text).toContain(`您 ${diaryDay} 的成功日記尚未提交`);
    expect(mail.text).toContain('類別 Kind：成功日記未提交 Success diary missing');
    for (const who of ['rh_ann', 'rh_mgr']) {
      const inbox = await s.http('GET', '/inbox?recordType=diary_reminder', { as: who });
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          recordId: `rh_ann:${diaryDay}`,
          step: 'diary.missing',
          ownerId: 'rh_ann',
          overdue: true,
        }),
      ]);
    }
    expect((await s.http('GET', '/inbox?recordType=diary_reminder', { as: 'rh_bob' })).body.items).toEqual([]);
  });

  it('an overdue weekly report is escalated to the sales manager (mail and inbox); the submitted one is not', async () => {
    await expect
      .poll(() => mailsTo('rh_mgr@example.test', `Overdue: rh_ann Weekly plan and summary ${lastWeek}`).length, {
        timeout: 60_000,
      })
      .toBe(1);
    expect(mailsTo('rh_ann@example.test', `Overdue: Weekly plan and summary ${lastWeek}`)).toHaveLength(1);
    const mgr = await s.http('GET', '/inbox?recordType=plan_escalation', { as: 'rh_mgr' });
    // Monthly and annual reports are due too in a fresh database (both have none): only the weekly ones matter here.
    const weekly = mgr.body.items.filter((i: { recordId: string }) => i.recordId.includes(':weekly:'));
    expect(weekly.map((i: { recordId: string; step: string }) => `${i.recordId} ${i.step}`)).toEqual([
      `rh_ann:weekly:${lastWeek} plan.overdue`,
    ]);
    const ann = await s.http('GET', '/inbox?recordType=plan_reminder', { as: 'rh_ann' });
    expect(ann.body.items.map((i: { recordId: string }) => i.recordId)).toContain(`rh_ann:weekly:${lastWeek}`);
  });

  it('once per person and deadline however often the Schedule runs; nothing for what was submitted', async () => {
    const handle = s.client.schedule.getHandle(scheduleIds[0]!);
    const runs = (await handle.describe()).info.numActionsTaken;
    await expect
      .poll(async () => (await handle.describe()).info.numActionsTaken, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(runs + 2);
    // Every queued notice has been handed to the outbox dispatcher by now (it polls every 0.3 s).
    await expect
      .poll(
        async () =>
          (await s.db.selectFrom('notifications').select('id').where('state', '=', 'pending').execute()).length,
        { timeout: 30_000 },
      )
      .toBe(0);
    expect(mailsTo('rh_ann@example.test', `Success diary missing: ${diaryDay}`)).toHaveLength(1);
    expect(mailsTo('rh_mgr@example.test', `Success diary missing: rh_ann ${diaryDay}`)).toHaveLength(1);
    expect(mailsTo('rh_mgr@example.test', `Overdue: rh_ann Weekly plan and summary ${lastWeek}`)).toHaveLength(1);
    expect(
      received.filter((m) => m.to.includes('rh_bob@example.test') && /diary|Weekly/.test(m.mail.subject ?? '')),
    ).toEqual([]);
    const bobs = await s.db
      .selectFrom('notifications')
      .select('dedupe_key')
      .where('dedupe_key', 'in', [
        `rhythm:diary:${diaryDay}:missing:rh_bob>rh_bob`,
        `rhythm:weekly:${lastWeek}:overdue:rh_bob>rh_mgr`,
      ])
      .execute();
    expect(bobs).toEqual([]);
  });

  it('submitting the missing diary late closes the flag in both inboxes', async () => {
    const r = await s.http('PUT', `/diaries/${diaryDay}`, {
      as: 'rh_ann',
      body: { todayWork: '補交 sent late', tomorrowPlan: '準時 on time' },
    });
    expect(r.status).toBe(200);
    for (const who of ['rh_ann', 'rh_mgr'])
      expect((await s.http('GET', '/inbox?recordType=diary_reminder', { as: who })).body.items).toEqual([]);
  });
});
