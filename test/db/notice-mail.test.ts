/**
 * Notices leave the outbox by e-mail (issue 14): nodemailer sends to a real SMTP server started on
 * loopback (`smtp-server`), and the test reads what arrived — the zh-Hant template with English beside,
 * to the user's address; a user without an address is only logged. A customer's delivery notice goes to
 * the SMS sender with the customer's phone (§2.4.4).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollectionActivities } from '../../activities/collection.activities';
import { upsertUser } from '../../db/user.repository';
import { enqueueNotification } from '../../db/work-item.repository';
import { dispatchOnce } from '../../worker/outbox';
import { createNoticeSender } from '../../worker/notice-sender';
import { startDevMailbox } from '../../worker/dev-mailbox';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
const received: { to: string[]; mail: ParsedMail }[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  h = await createTestDatabase();
  server = new SMTPServer({
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await h?.close();
});

describe('notices by e-mail and SMS', () => {
  it('mails a user’s notice through SMTP in zh-Hant with English beside; one without an address is only logged', async () => {
    await upsertUser(h.db, { id: 'mail_sales', display_name: '王小明 Wang Xiaoming', role: 'sales', manager_id: null });
    await h.db.updateTable('users').set({ email: 'wang@example.test' }).where('id', '=', 'mail_sales').execute();
    await upsertUser(h.db, { id: 'no_mail', display_name: 'No Mail', role: 'sales', manager_id: null });
    for (const recipientId of ['mail_sales', 'no_mail'])
      await enqueueNotification(h.db, {
        kind: 'step_overdue_reminder',
        recipientId,
        recordType: 'quote',
        recordId: 'Q2026-00042',
        subject: '逾期提醒 Overdue: Q2026-00042 商務審核',
        body: '報價 Q2026-00042 的「商務審核」已於 2026-11-30 到期，請儘快處理。',
        dedupeKey: `mail-test:${recipientId}`,
      });
    const logged: string[] = [];
    const sender = createNoticeSender({
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'freightflow <noreply@ff.test>' },
    });
    const withLog = {
      send: async (n: Parameters<typeof sender.send>[0]) => (logged.push(n.recipientId), sender.send(n)),
    };
    expect(await dispatchOnce(h.db, withLog)).toBe(2);
    expect(logged.sort()).toEqual(['mail_sales', 'no_mail']);
    expect(received).toHaveLength(1);
    const { to, mail } = received[0]!;
    expect(to).toEqual(['wang@example.test']);
    expect(mail.subject).toBe('[freightflow] 逾期提醒 Overdue: Q2026-00042 商務審核');
    expect(mail.from?.text).toContain('noreply@ff.test');
    expect(mail.text).toContain('王小明 Wang Xiaoming 您好');
    expect(mail.text).toContain('「商務審核」已於 2026-11-30 到期');
    expect(mail.text).toContain('類別 Kind：逾期提醒 Overdue reminder');
    expect(mail.text).toContain('記錄 Record：報價 Quote Q2026-00042');
    expect(mail.html).toContain('lang="zh-Hant"');
    const states = await h.db
      .selectFrom('notifications')
      .select('state')
      .where('dedupe_key', 'like', 'mail-test:%')
      .execute();
    expect(states.map((x) => x.state)).toEqual(['sent', 'sent']);
  });

  it('the collection-call reminder names the customer and labels its record once, zh-Hant and English', async () => {
    await h.db
      .insertInto('customers')
      .values({
        customer_no: 'C2026-08888',
        full_name: '廈門收款測試有限公司',
        normalized_name: 'call-mail-test',
        address: '廈門',
        phone: '+86 592 0000 0000',
        contact_person: '陳小姐',
        status: 'formal',
        owner_id: 'mail_sales',
      })
      .execute();
    const before = received.length;
    await createCollectionActivities({ db: h.db, config: {} }).openCallReminder({
      customerNo: 'C2026-08888',
      ownerId: 'mail_sales',
      plannedOn: '2026-12-03',
      dueAt: '2026-12-03T10:00:00.000Z',
    });
    const sender = createNoticeSender({
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'freightflow <noreply@ff.test>' },
    });
    await dispatchOnce(h.db, sender);
    const mail = received.slice(before).find((r) => r.mail.subject?.includes('C2026-08888'))!.mail;
    expect(mail.subject).toBe('[freightflow] 收款前致電 Call before collection: C2026-08888 廈門收款測試有限公司');
    expect(mail.text).toContain('請於三日內致電客戶 C2026-08888 廈門收款測試有限公司');
    expect(mail.text).toContain('類別 Kind：收款前致電提醒 Call before collection');
    expect(mail.text).toContain('記錄 Record：收款日程 Collection schedule C2026-08888');
    expect(mail.text).not.toContain('collection_plan');
  });

  it('texts a customer’s delivery notice to its phone through the pluggable SMS sender; no phone fails the notice', async () => {
    await upsertUser(h.db, { id: 'sms_owner', display_name: 'Owner', role: 'sales', manager_id: null });
    await h.db
      .insertInto('customers')
      .values({
        customer_no: 'C2026-09999',
        full_name: '深圳測試貿易有限公司',
        normalized_name: 'sms-test',
        address: '深圳',
        phone: '+86 755 8888 0000',
        contact_person: '李先生',
        status: 'formal',
        owner_id: 'sms_owner',
      })
      .execute();
    for (const customerNo of ['C2026-09999', 'C1999-00000'])
      await enqueueNotification(h.db, {
        kind: 'customer_delivery_notice',
        channel: 'sms',
        recipientId: `customer:${customerNo}`,
        recordType: 'job',
        recordId: 'J2026-00001',
        subject: '送貨通知 J2026-00001',
        body: '李先生 您好：貴司貨物已安排於 2026-12-01 送達，請安排收貨。',
        dedupeKey: `sms-test:${customerNo}`,
      });
    const texts: [string, string][] = [];
    const sender = createNoticeSender(
      { mail: { from: 'x <x@ff.test>' } },
      { sendSms: async (to, text) => void texts.push([to, text]) },
    );
    await dispatchOnce(h.db, sender);
    expect(texts).toEqual([['+86 755 8888 0000', '李先生 您好：貴司貨物已安排於 2026-12-01 送達，請安排收貨。']]);
    const states = await h.db
      .selectFrom('notifications')
      .select(['dedupe_key', 'state'])
      .where('dedupe_key', 'like', 'sms-test:%')
      .orderBy('dedupe_key')
      .execute();
    expect(states).toEqual([
      { dedupe_key: 'sms-test:C1999-00000', state: 'failed' },
      { dedupe_key: 'sms-test:C2026-09999', state: 'sent' },
    ]);
  });

  it('in development the mailbox on loopback keeps each mail as an .eml file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ff-mailbox-'));
    const mailbox = await startDevMailbox(dir);
    try {
      await enqueueNotification(h.db, {
        kind: 'diary_reminder',
        recipientId: 'mail_sales',
        recordType: 'reminder',
        recordId: 'diary-2026-11-30',
        subject: '成功日記提醒 Success diary reminder',
        body: '請於今天下班前提交成功日記。',
        dedupeKey: 'mailbox-test',
      });
      await dispatchOnce(h.db, createNoticeSender({ mail: { smtpUrl: mailbox.url, from: 'ff <noreply@ff.test>' } }));
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      const mail = await simpleParser(await readFile(join(dir, files[0]!)));
      expect(mail.subject).toBe('[freightflow] 成功日記提醒 Success diary reminder');
      expect(mail.text).toContain('類別 Kind：成功日記提醒 Success diary reminder');
    } finally {
      await mailbox.stop();
    }
  });
});
