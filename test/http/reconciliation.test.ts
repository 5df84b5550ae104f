/**
 * Reconciliation over HTTP (issue 13): write-offs 壞賬核銷 proposed and decided by the GM with segregation
 * of duties; statements 對帳單 per customer and period with their PDF and Excel, disputed line by line
 * into dispute cases with outcomes; finance's balance upload and its differences; the collection rate
 * against its target. Receivables are inserted as billing raises them (with their invoice entry) so
 * their dates can lie in the past.
 */
import { addWorkingDays } from '../../domain/calendar';
import { businessToday, endOfBusinessDay } from '../../lib/dates';
import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, billedJob, overdueReceivable, signedContract, today } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';
import { ok, rowCounts } from '../support/http';

let s: Stack;
let contractNo: string;
let customerNo: string;
let jobNo: string;

const status = async (p: Promise<{ status: number; body: any }>) => (await p).status;

/** Row counts of the ledger and reconciliation tables (a refusal must leave them as they are). */
const counts = () =>
  rowCounts(s.db, ['receivable_entries', 'write_offs', 'statements', 'dispute_cases', 'balance_differences']);

/** A receivable of the job as billing raises it, with its invoice entry. */
async function raise(currency: string, amount: string, invoiceDate: string, dueDate: string): Promise<number> {
  const r = await s.db
    .insertInto('receivables')
    .values({
      job_no: jobNo,
      customer_no: customerNo,
      contract_no: contractNo,
      label: `服務 ${currency} ${amount}`,
      source: 'service',
      currency,
      amount,
      invoice_date: invoiceDate,
      payment_terms: 'days_after_invoice+30',
      due_date: dueDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('receivable_entries')
    .values({
      receivable_id: r.id,
      customer_no: customerNo,
      currency,
      kind: 'invoice',
      amount,
      entry_date: invoiceDate,
      created_by: 'system',
    })
    .execute();
  return r.id;
}

const receivable = async (id: number) => {
  const l = await ok(s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' }));
  return l.receivables.find((r: any) => r.id === id);
};

beforeAll(async () => {
  s = await startStack();
  ({ contractNo, customerNo } = await signedContract(s));
  await s.addUser('sales_manager2', 'sales_manager');
  await s.addUser('sales2', 'sales', 'sales_manager2');
  await s.addUser('settle2', 'settlement');
  const job = await ok(
    s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 1 },
        cargo: 'reconciliation',
        portOfLoading: 'Los Angeles',
        portOfDischarge: 'Yantian',
      },
    }),
    201,
  );
  jobNo = job.jobNo;
}, 240_000);
afterAll(async () => s?.close());

describe('write-offs 壞賬核銷', () => {
  it('the salesperson proposes for their own customer; the GM returns it, the proposer resubmits, the GM approves: a write_off entry, once', async () => {
    const id = await raise('CNY', '5000.00', addDays(today(), -120), addDays(today(), -90));
    const before = await counts();
    // Not theirs, not their role, more than outstanding, bad digits: nothing written.
    const body = { receivableId: id, amount: '1200.00', reason: '客戶已破產 customer bankrupt' };
    expect(await status(s.http('POST', '/write-offs', { as: 'sales2', body }))).toBe(404);
    expect(await status(s.http('POST', '/write-offs', { as: 'finance', body }))).toBe(403);
    expect(await status(s.http('POST', '/write-offs', { as: 'auditor', body }))).toBe(403);
    expect(await status(s.http('POST', '/write-offs', { as: 'sales', body: { ...body, amount: '5000.01' } }))).toBe(
      422,
    );
    expect(await status(s.http('POST', '/write-offs', { as: 'sales', body: { ...body, amount: '1.001' } }))).toBe(400);
    expect(await counts()).toBe(before);

    const headers = { 'idempotency-key': `wo-${id}` };
    const w = await ok(s.http('POST', '/write-offs', { as: 'sales', body, headers }), 201);
    expect(w).toMatchObject({ status: 'proposed', amount: '1200.00', currency: 'CNY', proposedBy: 'sales' });
    // Its proposer may only withdraw it while it waits (final: confirmed first).
    expect(w.actions.map((a: any) => [a.step, a.confirm])).toEqual([['withdraw', true]]);
    const again = await ok(s.http('POST', '/write-offs', { as: 'sales', body, headers }), 200);
    expect(again.id).toBe(w.id);
    // One live proposal per receivable.
    const second = await s.http('POST', '/write-offs', { as: 'settlement', body });
    expect(second.status).toBe(409);
    expect(second.body.details.writeOffId).toBe(w.id);

    const seen = await ok(s.http('GET', `/write-offs/${w.id}`, { as: 'gm' }));
    expect(seen.actions.map((a: any) => [a.step, a.allowed])).toEqual([
      ['approve', true],
      ['return', true],
      ['refuse', true],
    ]);
    expect(await status(s.http('POST', `/write-offs/${w.id}/return`, { as: 'gm', body: {} }))).toBe(400);
    expect(await status(s.http('POST', `/write-offs/${w.id}/approve`, { as: 'sales_manager', body: {} }))).toBe(403);
    const returned = await ok(
      s.http('POST', `/write-offs/${w.id}/return`, { as: 'gm', body: { comment: '請附法院文件 court papers?' } }),
    );
    expect(returned).toMatchObject({ status: 'returned', decisionComment: '請附法院文件 court papers?' });
    expect(await status(s.http('POST', `/write-offs/${w.id}/approve`, { as: 'gm', body: {} }))).toBe(409);
    const mine = await ok(s.http('GET', `/write-offs/${w.id}`, { as: 'sales' }));
    expect(mine.actions.map((a: any) => a.step)).toEqual(['resubmit', 'withdraw']);
    await ok(
      s.http('POST', `/write-offs/${w.id}/resubmit`, {
        as: 'sales',
        body: { amount: '1000.00', reason: '附破產裁定 with the ruling' },
      }),
    );
    const key = { 'idempotency-key': `wo-approve-${w.id}` };
    const approved = await ok(s.http('POST', `/write-offs/${w.id}/approve`, { as: 'gm', body: {}, headers: key }));
    expect(approved).toMatchObject({ status: 'approved', amount: '1000.00', decidedBy: 'gm' });
    expect(approved.entryId).toBeGreaterThan(0);
    await ok(s.http('POST', `/write-offs/${w.id}/approve`, { as: 'gm', body: {}, headers: key }));
    const r = await receivable(id);
    expect(r).toMatchObject({ outstanding: '4000.00', writtenOff: '1000.00' });
    const entries = await sql<{ kind: string; amount: string }>`select kind, amount::text from receivable_entries
      where receivable_id = ${id} order by id`.execute(s.db);
    expect(entries.rows).toEqual([
      { kind: 'invoice', amount: '5000.0000' },
      { kind: 'write_off', amount: '-1000.0000' },
    ]);
    const audit = await sql<{ action: string }>`select action from audit_log
      where record_type = 'write_off' and record_id = ${String(w.id)} order by id`.execute(s.db);
    expect(audit.rows.map((a) => a.action)).toEqual([
      'write_off.proposed',
      'write_off.returned',
      'write_off.resubmitted',
      'write_off.approved',
    ]);
  });

  it('the proposer never approves: 403 segregation_of_duties, and the desk shows why', async () => {
    const id = await raise('USD', '300.00', addDays(today(), -100), addDays(today(), -70));
    const w = await ok(
      s.http('POST', '/write-offs', {
        as: 'settle2',
        body: { receivableId: id, amount: '300.00', reason: '無法聯絡' },
      }),
      201,
    );
    // settle2 becomes the GM's deputy (role gm) and tries to approve their own proposal.
    await ok(s.http('PATCH', '/users/settle2', { as: 'admin', body: { role: 'gm' } }));
    const view = await ok(s.http('GET', `/write-offs/${w.id}`, { as: 'settle2' }));
    expect(view.actions.find((a: any) => a.step === 'approve')).toMatchObject({
      allowed: false,
      reason: 'segregation_of_duties',
    });
    const before = await counts();
    const refused = await s.http('POST', `/write-offs/${w.id}/approve`, { as: 'settle2', body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.details.reason).toBe('segregation_of_duties');
    expect(await counts()).toBe(before);
    const done = await ok(s.http('POST', `/write-offs/${w.id}/refuse`, { as: 'gm', body: { comment: '繼續催收' } }));
    expect(done.status).toBe('refused');
    expect((await receivable(id)).outstanding).toBe('300.00');
  });

  it('lists write-offs of the customers in sight', async () => {
    expect((await ok(s.http('GET', '/write-offs', { as: 'sales2' }))).items).toEqual([]);
    const all = await ok(s.http('GET', '/write-offs?status=approved', { as: 'auditor' }));
    expect(all.items.map((w: any) => w.status)).toEqual(['approved']);
  });
});

describe('statements 對帳單 and disputes', () => {
  let statementId: number;
  let r2: number;
  const download = async (path: string, as = 'finance') => {
    const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${await s.token(as)}` } });
    expect(res.status).toBe(200);
    return { type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
  };

  it('finance draws a statement for a period: lines, and per currency the movements from opening to closing', async () => {
    const r1 = await raise('CNY', '2000.00', addDays(today(), -20), addDays(today(), 10));
    r2 = await raise('CNY', '500.00', addDays(today(), -15), addDays(today(), 15));
    await raise('USD', '100.50', addDays(today(), -10), addDays(today(), 20));
    await ok(
      s.http('POST', '/receipts', {
        as: 'finance',
        body: {
          customerNo,
          payer: '客戶 customer',
          currency: 'CNY',
          amount: '700.00',
          receivedOn: addDays(today(), -5),
          reference: 'TT-1',
          allocations: [{ receivableId: r1, amount: '700.00' }],
        },
      }),
      201,
    );
    const body = { customerNo, periodFrom: addDays(today(), -30), periodTo: today() };
    const before = await counts();
    expect(await status(s.http('POST', '/statements', { as: 'sales', body }))).toBe(403);
    expect(await status(s.http('POST', '/statements', { as: 'auditor', body }))).toBe(403);
    expect(
      await status(s.http('POST', '/statements', { as: 'finance', body: { ...body, periodTo: addDays(today(), 1) } })),
    ).toBe(422);
    expect(
      await status(
        s.http('POST', '/statements', { as: 'finance', body: { ...body, periodFrom: addDays(today(), 1) } }),
      ),
    ).toBe(400);
    expect(
      await status(s.http('POST', '/statements', { as: 'finance', body: { ...body, customerNo: 'C1999-99999' } })),
    ).toBe(404);
    expect(await counts()).toBe(before);

    const st = await ok(s.http('POST', '/statements', { as: 'finance', body }), 201);
    statementId = st.id;
    expect(st).toMatchObject({ status: 'draft', customerNo, statementNo: `ST-${String(st.id).padStart(6, '0')}` });
    expect(st.sections.map((x: any) => x.currency)).toEqual(['CNY', 'USD']);
    const cny = st.sections[0];
    // Opening: the 5,000.00 invoiced 120 days ago; in the period 2,500.00 invoiced, 700.00 received, 1,000.00 written off today.
    expect(cny).toMatchObject({
      opening: '5000.00',
      invoiced: '2500.00',
      credited: '0.00',
      adjusted: '0.00',
      received: '700.00',
      writtenOff: '1000.00',
      closing: '5800.00',
    });
    expect(st.sections[1]).toMatchObject({ opening: '300.00', invoiced: '100.50', closing: '400.50' });
    // Lines: each receivable invoiced in the period or outstanding at its end, numbered through the currencies.
    expect(st.sections.flatMap((x: any) => x.lines.map((l: any) => l.lineNo))).toEqual([1, 2, 3, 4, 5]);
    expect(cny.lines.map((l: any) => [l.amount, l.outstanding])).toEqual([
      ['5000.00', '4000.00'],
      ['2000.00', '1300.00'],
      ['500.00', '500.00'],
    ]);
    expect(st.actions.map((a: any) => a.step)).toEqual(['send']);
    expect((await ok(s.http('GET', `/statements/${st.id}`, { as: 'sales' }))).actions).toEqual([]);
    expect(await status(s.http('GET', `/statements/${st.id}`, { as: 'sales2' }))).toBe(404);
  });

  it('prints the statement as a Chinese PDF and an Excel workbook per currency', async () => {
    const pdf = await download(`/statements/${statementId}/statement.pdf`, 'sales');
    expect(pdf.type).toBe('application/pdf');
    if (process.env.STATEMENT_PDF) await writeFile(process.env.STATEMENT_PDF, pdf.body);
    const text = await pdfText(pdf.body); // whitespace removed
    for (const t of ['對帳單', 'StatementofAccount', customerNo, '期初餘額', '5,800.00', '400.50', '幣別CurrencyCNY'])
      expect(text).toContain(t);
    const xlsx = await download(`/statements/${statementId}/statement.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['CNY', 'USD']);
    const values = wb
      .getWorksheet('CNY')!
      .getSheetValues()
      .flat()
      .filter((v) => v !== undefined && v !== null);
    expect(values).toEqual(expect.arrayContaining([5800, 1300, '期末餘額 Closing balance']));
    expect(wb.getWorksheet('USD')!.getRow(3).getCell(6).numFmt).toBe('#,##0.00');
    // Invoice and due dates are Excel dates (sortable), shown yyyy-mm-dd — not text.
    const firstLine = wb.getWorksheet('CNY')!.getRow(3);
    for (const i of [4, 5]) {
      expect(firstLine.getCell(i).value, `column ${i}`).toBeInstanceOf(Date);
      expect(firstLine.getCell(i).numFmt).toBe('yyyy-mm-dd');
    }
    expect((firstLine.getCell(4).value as Date).toISOString().slice(0, 10)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('one statement per customer and day: an overlapping period is refused 409 naming the statement; of two drawn at once one is refused', async () => {
    const first = await ok(s.http('GET', `/statements/${statementId}`, { as: 'finance' }));
    const before = await counts();
    // Overlapping the statement drawn above (its last 30 days to today) by one day: 409, naming it, nothing written.
    const overlap = await s.http('POST', '/statements', {
      as: 'finance',
      body: { customerNo, periodFrom: addDays(today(), -40), periodTo: addDays(today(), -30) },
    });
    expect([overlap.status, overlap.body.details]).toEqual([
      409,
      { reason: 'duplicate', field: 'periodFrom', statementId, statementNo: first.statementNo },
    ]);
    expect(overlap.body.message).toBe(
      `此客戶已有對帳單 ${first.statementNo}（${first.periodFrom} – ${first.periodTo}），期間重疊，不可再出 The customer already has statement ${first.statementNo} (${first.periodFrom} – ${first.periodTo}); the periods overlap`,
    );
    expect(await counts()).toBe(before);
    // Two overlapping periods, both clear of the first, drawn at once: one is drawn, the other refused naming it.
    const draw = (periodFrom: string, periodTo: string, as: string) =>
      s.http('POST', '/statements', { as, body: { customerNo, periodFrom, periodTo } });
    const both = await Promise.all([
      draw(addDays(today(), -100), addDays(today(), -31), 'finance'),
      draw(addDays(today(), -60), addDays(today(), -35), 'settlement'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const drawn = both.find((r) => r.status === 201)!.body;
    expect(both.find((r) => r.status === 409)!.body.details).toMatchObject({ statementId: drawn.id });
    const listed = await ok(s.http('GET', `/statements?customerNo=${customerNo}`, { as: 'finance' }));
    expect(listed.items.map((x: any) => x.id)).toEqual([drawn.id, statementId]);
  });

  it('sent, then disputed line by line: a dispute case; the undisputed lines stay in collection; the outcome a credit note', async () => {
    expect(await status(s.http('POST', `/statements/${statementId}/confirm`, { as: 'finance', body: {} }))).toBe(409);
    await ok(s.http('POST', `/statements/${statementId}/send`, { as: 'finance', body: {} }));
    const lineOfR2 = 3;
    const dispute = { lines: [{ lineNo: lineOfR2, amount: '200.00', reason: '重複收費 charged twice' }] };
    expect(await status(s.http('POST', `/statements/${statementId}/dispute`, { as: 'sales2', body: dispute }))).toBe(
      404,
    );
    const before = await counts();
    // Answered before it was sent (today): 422 naming answeredOn, in Chinese and English.
    const early = await s.http('POST', `/statements/${statementId}/dispute`, {
      as: 'sales',
      body: { ...dispute, answeredOn: addDays(today(), -1) },
    });
    expect(early.status).toBe(422);
    expect(early.body.details.field).toBe('answeredOn');
    expect(early.body.message).toContain(`不可早於寄出日 ${today()}`);
    for (const bad of [
      { lines: [{ lineNo: 99, reason: 'x' }] },
      { lines: [{ lineNo: lineOfR2, amount: '500.01', reason: 'x' }] },
      {
        lines: [
          { lineNo: lineOfR2, reason: 'x' },
          { lineNo: lineOfR2, reason: 'y' },
        ],
      },
    ])
      expect(await status(s.http('POST', `/statements/${statementId}/dispute`, { as: 'sales', body: bad }))).toBe(422);
    expect(await counts()).toBe(before);
    const st = await ok(s.http('POST', `/statements/${statementId}/dispute`, { as: 'sales', body: dispute }));
    expect(st).toMatchObject({ status: 'disputed', openDisputes: 1 });
    const line = st.sections[0].lines.find((l: any) => l.lineNo === lineOfR2);
    expect(line.dispute).toMatchObject({ amount: '200.00', status: 'open' });
    expect(await status(s.http('POST', `/statements/${statementId}/confirm`, { as: 'sales', body: {} }))).toBe(409);
    const { rows: audit } = await sql<{ action: string; from_state: string; to_state: string; changes: any }>`
      select action, from_state, to_state, changes from audit_log
       where record_type = 'statement' and record_id = ${String(statementId)} and action <> 'statement.drawn'
       order by id`.execute(s.db);
    expect(audit).toEqual([
      { action: 'statement.sent', from_state: 'draft', to_state: 'sent', changes: { sentOn: today() } },
      {
        action: 'statement.disputed',
        from_state: 'sent',
        to_state: 'disputed',
        changes: {
          answeredOn: today(),
          ownerId: 'sales',
          lines: [{ lineNo: lineOfR2, amount: '200.00', reason: '重複收費 charged twice' }],
        },
      },
    ]);

    // The collection schedule leaves out only the disputed 200.00; the aging keeps it and flags it.
    const schedule = await ok(s.http('GET', '/collections/schedule', { as: 'sales' }));
    const row = schedule.items.find((r: any) => r.customerNo === customerNo && r.currency === 'CNY');
    expect(row).toMatchObject({ outstanding: '5600.00', disputed: '200.00' });
    expect(row.reasonEn).toContain('CNY 200.00 under dispute left out');
    const aging = await ok(s.http('GET', `/receivables/aging?customerNo=${customerNo}`, { as: 'finance' }));
    expect(aging.rows.find((r: any) => r.currency === 'CNY')).toMatchObject({
      outstanding: '5800.00',
      disputed: '200.00',
    });

    const d = await ok(s.http('GET', `/disputes/${line.dispute.id}`, { as: 'sales' }));
    expect(d).toMatchObject({ ownerId: 'sales', status: 'open', receivableId: r2, reason: '重複收費 charged twice' });
    expect(d.actions.map((a: any) => a.step)).toEqual(['notes', 'resolve']);
    // The case waits in its owner's inbox, opening the dispute list, until it is resolved.
    const disputeItems = async () =>
      (await ok(s.http('GET', '/inbox?recordType=dispute', { as: 'sales' }))).items.filter(
        (i: any) => i.recordId === String(d.id),
      );
    expect(await disputeItems()).toEqual([
      expect.objectContaining({
        step: 'dispute.resolve',
        customerNo,
        stepLabel: expect.stringContaining('CNY 200.00'),
        // INBOX_SLA_DISPUTE_RESOLVE (default 5wd): the end of the 5th working day from today, business time zone.
        dueAt: endOfBusinessDay(addWorkingDays(businessToday(), 5)),
      }),
    ]);
    expect((await ok(s.http('GET', '/inbox?recordType=dispute', { as: 'sales2' }))).items).toEqual([]);
    // The outcomes each role may choose ride on the resolve action; the route refuses the others.
    const outcomesOf = async (as: string) =>
      (await ok(s.http('GET', `/disputes/${d.id}`, { as }))).actions.find((a: any) => a.step === 'resolve')?.outcomes;
    expect(d.actions.find((a: any) => a.step === 'resolve').outcomes).toEqual(['customer_pays']);
    expect(await outcomesOf('sales_manager')).toEqual(['customer_pays']);
    expect(await outcomesOf('finance')).toEqual(['adjustment', 'credit_note', 'customer_pays']);
    expect(await outcomesOf('settlement')).toEqual(['adjustment', 'credit_note', 'customer_pays']);
    for (const as of ['gm', 'commerce', 'auditor'])
      expect((await ok(s.http('GET', `/disputes/${d.id}`, { as }))).actions, as).toEqual([]);
    const notOffered = await s.http('POST', `/disputes/${d.id}/resolve`, {
      as: 'sales',
      body: { outcome: 'adjustment', direction: 'decrease', resolution: 'x' },
    });
    expect([notOffered.status, notOffered.body.details.reason]).toEqual([403, 'role_not_allowed']);
    expect(
      await status(
        s.http('POST', `/disputes/${d.id}/resolve`, { as: 'gm', body: { outcome: 'customer_pays', resolution: 'x' } }),
      ),
    ).toBe(403);
    await ok(
      s.http('POST', `/disputes/${d.id}/notes`, { as: 'sales', body: { note: '客戶寄來兩張發票 sent both invoices' } }),
    );
    // An amount beyond the currency's digits is refused naming the field; nothing is written.
    const fine = await s.http('POST', `/disputes/${d.id}/resolve`, {
      as: 'finance',
      body: { outcome: 'credit_note', amount: '100.001', resolution: 'x' },
    });
    expect([fine.status, fine.body.details.fields.map((f: any) => f.path)]).toEqual([400, ['body.amount']]);
    expect(await receivable(r2)).toMatchObject({ credited: '0.00' });
    const resolve = { outcome: 'credit_note', resolution: '確認重複 duplicate confirmed' };
    expect(await status(s.http('POST', `/disputes/${d.id}/resolve`, { as: 'sales', body: resolve }))).toBe(403);
    const key = { 'idempotency-key': `resolve-${d.id}` };
    const done = await ok(s.http('POST', `/disputes/${d.id}/resolve`, { as: 'finance', body: resolve, headers: key }));
    await ok(s.http('POST', `/disputes/${d.id}/resolve`, { as: 'finance', body: resolve, headers: key }));
    expect(done).toMatchObject({ status: 'resolved', outcome: 'credit_note' });
    expect(await disputeItems()).toEqual([]);
    expect(done.notes.map((n: any) => n.note)).toEqual(['客戶寄來兩張發票 sent both invoices']);
    expect(await receivable(r2)).toMatchObject({ outstanding: '300.00', credited: '-200.00' });
    expect(await status(s.http('POST', `/disputes/${d.id}/resolve`, { as: 'finance', body: resolve }))).toBe(409);
    const after = await ok(s.http('GET', '/collections/schedule', { as: 'sales' }));
    expect(after.items.find((r: any) => r.customerNo === customerNo && r.currency === 'CNY')).toMatchObject({
      outstanding: '5600.00',
      disputed: '0.00',
    });
  });
  it('the last open dispute resolved: the statement awaits the customer’s answer again (sent), audited; a line is disputed once', async () => {
    const st = await ok(s.http('GET', `/statements/${statementId}`, { as: 'sales' }));
    // Its one case resolved above (a credit note): back to sent, confirm offered again, no open dispute.
    expect(st).toMatchObject({ status: 'sent', openDisputes: 0 });
    expect(st.actions.map((a: any) => a.step)).toEqual(['confirm', 'dispute']);
    const listed = await ok(s.http('GET', `/statements?customerNo=${customerNo}&status=sent`, { as: 'finance' }));
    expect(listed.items.map((x: any) => x.id)).toContain(statementId);
    const audit = async () =>
      (
        await sql<{ action: string; actor_id: string; from_state: string; to_state: string }>`
          select action, actor_id, from_state, to_state from audit_log
           where record_type = 'statement' and record_id = ${String(statementId)} and action = 'statement.disputes_settled'
           order by id`.execute(s.db)
      ).rows;
    expect(await audit()).toEqual([
      { action: 'statement.disputes_settled', actor_id: 'finance', from_state: 'disputed', to_state: 'sent' },
    ]);
    // Someone is told: an inbox item for whoever sent it (finance), opening the statement, due
    // INBOX_SLA_STATEMENT_ANSWER (default 5wd) — one item, closed when the customer's answer is recorded.
    const answerItems = async () =>
      (
        await sql<{ step: string; role: string; owner_id: string; open: boolean }>`
          select step, role, owner_id, closed_at is null as open from work_items
           where record_type = 'statement' and record_id = ${String(statementId)} order by id`.execute(s.db)
      ).rows;
    const waiting = { step: 'statement.answer', role: 'finance', owner_id: 'sales' };
    expect(await answerItems()).toEqual([{ ...waiting, open: true }]);
    const inboxItem = async (as: string) =>
      (await ok(s.http('GET', '/inbox?recordType=statement', { as }))).items.find(
        (i: any) => i.recordId === String(statementId),
      );
    expect(await inboxItem('finance')).toMatchObject({
      step: 'statement.answer',
      customerNo,
      stepLabel: `對帳單 ${st.statementNo} 爭議已結案，待客戶確認 Statement ${st.statementNo}: disputes settled, awaiting the customer’s answer`,
      dueAt: endOfBusinessDay(addWorkingDays(businessToday(), 5)),
    });
    expect(await inboxItem('sales')).toBeUndefined();
    // The line already disputed is refused (one case per line), naming it; nothing written.
    const before = await counts();
    const again = await s.http('POST', `/statements/${statementId}/dispute`, {
      as: 'sales',
      body: { lines: [{ lineNo: 3, reason: 'again' }] },
    });
    expect([again.status, again.body.details.field]).toEqual([422, 'lines.0.lineNo']);
    expect(await counts()).toBe(before);
    // Two other lines disputed: the first resolved leaves it disputed; the second resolved sends it back to sent.
    const disputed = await ok(
      s.http('POST', `/statements/${statementId}/dispute`, {
        as: 'sales',
        body: {
          lines: [
            { lineNo: 2, amount: '100.00', reason: '金額不符 amount differs' },
            { lineNo: 4, reason: '未收到貨 not delivered' },
          ],
        },
      }),
    );
    expect(disputed).toMatchObject({ status: 'disputed', openDisputes: 2 });
    // The customer answered (disputed): the item waiting for the answer is done.
    expect(await answerItems()).toEqual([{ ...waiting, open: false }]);
    const ids = disputed.sections
      .flatMap((x: any) => x.lines)
      .filter((l: any) => l.dispute?.status === 'open')
      .map((l: any) => l.dispute.id);
    const pays = { outcome: 'customer_pays', resolution: '客戶同意付款 the customer pays' };
    await ok(s.http('POST', `/disputes/${ids[0]}/resolve`, { as: 'sales', body: pays }));
    expect(await ok(s.http('GET', `/statements/${statementId}`, { as: 'sales' }))).toMatchObject({
      status: 'disputed',
      openDisputes: 1,
      actions: [],
    });
    const key = { 'idempotency-key': `settle-${ids[1]}` };
    await ok(s.http('POST', `/disputes/${ids[1]}/resolve`, { as: 'sales_manager', body: pays, headers: key }));
    await ok(s.http('POST', `/disputes/${ids[1]}/resolve`, { as: 'sales_manager', body: pays, headers: key }));
    expect(await ok(s.http('GET', `/statements/${statementId}`, { as: 'sales' }))).toMatchObject({
      status: 'sent',
      openDisputes: 0,
    });
    expect((await audit()).map((a) => a.actor_id)).toEqual(['finance', 'sales_manager']);
    // Settled again (the retry with the same key opens nothing more): one item waiting, the earlier one closed.
    expect(await answerItems()).toEqual([
      { ...waiting, open: false },
      { ...waiting, open: true },
    ]);
    const confirmed = await ok(
      s.http('POST', `/statements/${statementId}/confirm`, { as: 'sales', body: { customerReference: 'OK-1' } }),
    );
    expect(confirmed).toMatchObject({ status: 'confirmed', customerReference: 'OK-1', actions: [] });
    expect((await answerItems()).map((i) => i.open)).toEqual([false, false]);
    expect(await inboxItem('finance')).toBeUndefined();
  });
});

describe('finance’s balance upload 與財務帳核對', () => {
  const net = async () => {
    const l = await ok(s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' }));
    return Object.fromEntries(l.balances.map((b: any) => [b.currency, b.net])) as Record<string, string>;
  };
  const b64 = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf8').toString('base64');
  const usdReceivable = async () => {
    const l = await ok(s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' }));
    return l.receivables.find((r: any) => r.currency === 'USD' && r.outstanding !== '0.00').id as number;
  };

  it('refuses a file with bad rows as a whole, naming row and field; nothing stored', async () => {
    const before = await counts();
    const csv = [
      'customerNo,currency,balance',
      `${customerNo},CNY,10.00`,
      'C1999-99999,CNY,1.00',
      `${customerNo},XXX,1.00`,
      `${customerNo},CNY,2.00`,
      `${customerNo},JPY,1.5`,
      `${customerNo},USD,abc`,
    ].join('\r\n');
    const r = await s.http('POST', '/finance-balances', {
      as: 'finance',
      body: { asOf: today(), format: 'csv', file: b64(csv) },
    });
    expect(r.status).toBe(422);
    expect(r.body.details.rows.map((p: any) => [p.row, p.field])).toEqual([
      [3, 'customerNo'],
      [4, 'currency'],
      [5, 'customerNo'],
      [6, 'balance'],
      [7, 'balance'],
    ]);
    expect(
      (
        await s.http('POST', '/finance-balances', {
          as: 'sales',
          body: { asOf: today(), format: 'csv', file: b64(csv) },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await s.http('POST', '/finance-balances', {
          as: 'finance',
          body: { asOf: addDays(today(), 1), format: 'csv', file: b64(csv) },
        })
      ).status,
    ).toBe(422);
    expect(await counts()).toBe(before);
  });

  it('sets the ledger beside finance’s balances as of the date; a difference is worked by a correction entry, nothing overwritten', async () => {
    const n = await net();
    const usdPlus = (Number(n.USD) + 50).toFixed(2);
    const csv = `customerNo,currency,balance\r\n${customerNo},CNY,${n.CNY}\r\n${customerNo},USD,${usdPlus}\r\n`;
    const key = { 'idempotency-key': 'balances-1' };
    const up = await ok(
      s.http('POST', '/finance-balances', {
        as: 'finance',
        body: { asOf: today(), format: 'csv', file: b64(csv) },
        headers: key,
      }),
      201,
    );
    const again = await ok(
      s.http('POST', '/finance-balances', {
        as: 'finance',
        body: { asOf: today(), format: 'csv', file: b64(csv) },
        headers: key,
      }),
    );
    expect(again.id).toBe(up.id);
    expect(up.differences.map((d: any) => [d.rowNo, d.currency, d.status, d.difference])).toEqual([
      [2, 'CNY', 'agreed', '0.00'],
      [3, 'USD', 'open', '50.00'],
    ]);
    const usd = up.differences[1];
    expect(usd).toMatchObject({ financeBalance: usdPlus, ledgerBalance: n.USD });
    expect(usd.actions.map((a: any) => a.step)).toEqual(['notes', 'resolve']);
    expect(up.differences[0].actions).toEqual([]);
    await ok(s.http('POST', `/balance-differences/${usd.id}/notes`, { as: 'finance', body: { note: '漏記手續費' } }));
    // A correction on a receivable of another currency is refused.
    const cnyId = (await ok(s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' }))).receivables.find(
      (r: any) => r.currency === 'CNY',
    ).id;
    const correction = (receivableId: number) => ({
      resolution: 'correction',
      note: '補記銀行手續費 bank charge',
      correction: { receivableId, kind: 'adjustment', direction: 'increase', amount: '50.00' },
    });
    const before = await counts();
    expect(
      (await s.http('POST', `/balance-differences/${usd.id}/resolve`, { as: 'finance', body: correction(cnyId) }))
        .status,
    ).toBe(422);
    expect(
      (await s.http('POST', `/balance-differences/${usd.id}/resolve`, { as: 'gm', body: correction(cnyId) })).status,
    ).toBe(403);
    // An amount beyond the currency's digits is refused naming the field it was sent in (issue 13).
    const tooFine = { ...correction(await usdReceivable()) };
    tooFine.correction = { ...tooFine.correction, amount: '50.001' };
    const digits = await s.http('POST', `/balance-differences/${usd.id}/resolve`, { as: 'finance', body: tooFine });
    expect([digits.status, digits.body.details.fields]).toEqual([
      400,
      [{ path: 'body.correction.amount', message: 'amount: USD amounts have at most 2 decimals, got 50.001' }],
    ]);
    expect(await counts()).toBe(before);
    const done = await ok(
      s.http('POST', `/balance-differences/${usd.id}/resolve`, {
        as: 'finance',
        body: correction(await usdReceivable()),
      }),
    );
    const worked = done.differences[1];
    expect(worked).toMatchObject({ status: 'resolved', resolution: 'correction', ledgerBalance: n.USD });
    expect(worked.entryId).toBeGreaterThan(0);
    expect(worked.notes.map((x: any) => x.note)).toEqual(['漏記手續費']);
    expect((await net()).USD).toBe(usdPlus);
    expect(
      (await s.http('POST', `/balance-differences/${usd.id}/resolve`, { as: 'finance', body: correction(cnyId) }))
        .status,
    ).toBe(409);
    // The auditor reads uploads; a salesperson does not.
    expect((await ok(s.http('GET', '/finance-balances', { as: 'auditor' }))).items[0]).toMatchObject({ open: 0 });
    expect((await s.http('GET', `/finance-balances/${up.id}`, { as: 'sales' })).status).toBe(403);
  });

  it('reads .xlsx too; a currency the ledger holds and the file leaves out is a difference; an explanation resolves it', async () => {
    const n = await net();
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('餘額');
    ws.addRow(['客戶編號', '幣別', '應收餘額']);
    ws.addRow([customerNo, 'CNY', Number(n.CNY)]);
    const file = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const up = await ok(
      s.http('POST', '/finance-balances', { as: 'finance', body: { asOf: today(), format: 'xlsx', file } }),
      201,
    );
    expect(up.differences.map((d: any) => [d.rowNo, d.currency, d.status])).toEqual([
      [0, 'USD', 'open'],
      [2, 'CNY', 'agreed'],
    ]);
    const d = up.differences[0];
    expect(d).toMatchObject({ financeBalance: '0.00', ledgerBalance: n.USD });
    const done = await ok(
      s.http('POST', `/balance-differences/${d.id}/resolve`, {
        as: 'finance',
        body: { resolution: 'explanation', note: 'USD 帳在另一本 kept in the USD book' },
      }),
    );
    expect(done.differences[0]).toMatchObject({ status: 'resolved', resolution: 'explanation', entryId: null });
  });
});

/** Last in the file: its own customer's receivable would change the figures of the statements and balances above. */
describe('write-off withdrawal 撤回', () => {
  it('its proposer withdraws a returned or a waiting write-off: audited once, the inbox item closed, the receivable free again; others 403', async () => {
    // Another customer of the salesperson's, so the statements below keep their figures.
    const other = await signedContract(s);
    const { receivableId: id } = await overdueReceivable(s.db, {
      jobNo: await billedJob(s, other.contractNo),
      customerNo: other.customerNo,
      contractNo: other.contractNo,
      currency: 'CNY',
      amount: '800.00',
      daysAgo: 60,
    });
    const body = { receivableId: id, amount: '800.00', reason: '無力償還 insolvent' };
    const w = await ok(s.http('POST', '/write-offs', { as: 'sales', body }), 201);
    await ok(s.http('POST', `/write-offs/${w.id}/return`, { as: 'gm', body: { comment: '再催收 chase again' } }));
    const open = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from work_items
            where record_type = 'write_off' and record_id = ${String(w.id)} and closed_at is null`.execute(s.db)
        ).rows[0]!.n,
      );
    expect(await open()).toBe(1);
    const before = await counts();
    const notTheirs = await s.http('POST', `/write-offs/${w.id}/withdraw`, { as: 'settlement', body: {} });
    expect([notTheirs.status, notTheirs.body.details.reason]).toEqual([403, 'not_owner']);
    // The proposer named as people know them: display name, not login.
    expect(notTheirs.body.message).toContain('陳志明 Chen Zhiming');
    expect(notTheirs.body.message).not.toMatch(/\bsales\b/);
    expect((await s.http('POST', `/write-offs/${w.id}/withdraw`, { as: 'gm', body: {} })).status).toBe(403);
    expect(await counts()).toBe(before);

    const headers = { 'idempotency-key': `wo-withdraw-${w.id}` };
    const done = await ok(s.http('POST', `/write-offs/${w.id}/withdraw`, { as: 'sales', body: {}, headers }));
    expect([done.status, done.actions]).toEqual(['withdrawn', []]);
    expect((await ok(s.http('POST', `/write-offs/${w.id}/withdraw`, { as: 'sales', body: {}, headers }))).status).toBe(
      'withdrawn',
    );
    expect(await open()).toBe(0);
    const again = await s.http('POST', `/write-offs/${w.id}/withdraw`, { as: 'sales', body: {} });
    expect([again.status, again.body.details.reason]).toEqual([409, 'wrong_state']);
    expect(again.body.message).toBe(
      `壞賬核銷 ${w.jobNo} · ${w.label} CNY 800.00 已撤回 withdrawn，不能撤回 The write-off of ${w.jobNo} · ${w.label} CNY 800.00 is 已撤回 withdrawn, not to be withdrawn`,
    );
    const audit = await sql<{ action: string; from_state: string }>`select action, from_state from audit_log
      where record_type = 'write_off' and record_id = ${String(w.id)} order by id`.execute(s.db);
    expect(audit.rows.slice(-1)).toEqual([{ action: 'write_off.withdrawn', from_state: 'returned' }]);
    expect(audit.rows.filter((a) => a.action === 'write_off.withdrawn')).toHaveLength(1);

    // The receivable may be proposed again; withdrawn while waiting for the GM, the GM's decision is then refused.
    const next = await ok(s.http('POST', '/write-offs', { as: 'sales', body }), 201);
    await expect(
      sql`insert into write_offs (receivable_id, customer_no, currency, amount, reason, status, proposed_by, proposed_role)
          values (${id}, ${other.customerNo}, 'CNY', 1, 'x', 'returned', 'sales', 'sales')`.execute(s.db),
    ).rejects.toThrow(/write_offs_one_open/);
    await ok(s.http('POST', `/write-offs/${next.id}/withdraw`, { as: 'sales', body: { comment: '已收款 paid' } }));
    const late = await s.http('POST', `/write-offs/${next.id}/approve`, { as: 'gm', body: {} });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain(
      `${w.jobNo} · ${w.label} CNY 800.00 is 已撤回 withdrawn, not waiting for a decision`,
    );
    expect(
      (await ok(s.http('GET', '/write-offs?status=withdrawn', { as: 'sales' }))).items.map((x: any) => x.id),
    ).toEqual([next.id, w.id]);
  });
});
