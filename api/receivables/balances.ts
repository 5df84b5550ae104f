/**
 * Kept equal to finance's books (§3.4.1): finance uploads its receivables balance per customer and
 * currency as of a date (CSV or .xlsx, base64 in JSON); the ledger's net balance (outstanding −
 * unallocated credit) as of that date is set beside each row, and every pair that differs — a row whose
 * balance differs, or a customer and currency the ledger holds but the file leaves out — is a difference
 * to work: notes, then a resolution by a ledger correction (an adjustment or credit note through
 * `appendEntry`) or by an explanation. Nothing uploaded or computed is overwritten.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { customerText } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { findReceivableWithOwner } from '../../db/ledger.repository';
import {
  existingCustomerNos,
  findBalanceUpload,
  insertBalanceUpload,
  insertNote,
  listBalanceDifferences,
  listBalanceUploads,
  listNotes,
  lockBalanceDifference,
  netBalancesAsOf,
  resolveBalanceDifferenceRow,
  type BalanceDifferenceDetailRow,
} from '../../db/reconciliation.repository';
import type { RecordAction } from '../../domain/actions';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, parseDecimal } from '../../lib/money';
import { receivableText } from '../../domain/ledger';
import { readSheet, type SheetColumn } from '../../lib/xlsx-sheet';
import { CURRENCIES, type Currency } from '../../machines/catalog';
import { RecordActions } from '../actions';
import { idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, isoDate, moneyAmount, text } from '../schemas';
import { rowProblems, SheetImportBody, XLSX_BODY_LIMIT, type RowProblem } from '../sheet-import';
import { BALANCE_READERS, BALANCE_WRITERS } from './access';
import { appendEntry, notFuture, once, unprocessable } from './entries';
import { balanceListActions } from './ledger-actions';
import { fmt, fmtScaled } from './views';

/** The balance upload's columns (CSV header row), each by its key and zh-Hant label. */
export const BALANCE_COLUMNS: readonly SheetColumn[] = [
  { key: 'customerNo', label: '客戶編號' },
  { key: 'currency', label: '幣別' },
  { key: 'balance', label: '應收餘額', numeric: true },
];

const id = z.coerce.number().int().min(1).max(2_147_483_647);
const UploadParams = z.strictObject({ uploadId: id });
const DifferenceParams = z.strictObject({ differenceId: id });

const UploadBody = z.strictObject({
  asOf: isoDate.describe('The date of finance’s balances; not in the future'),
  format: z.enum(['csv', 'xlsx']),
  file: SheetImportBody.shape.file.describe(
    'The file base64-encoded (at most 1 MiB): a header row customerNo 客戶編號, currency 幣別, balance 應收餘額, then one row per customer and currency (CSV in UTF-8)',
  ),
});

const ResolveBody = z
  .strictObject({
    resolution: z.enum(['correction', 'explanation']),
    note: text(2000).describe('Why the books differ and what was done'),
    correction: z
      .strictObject({
        receivableId: z.number().int().min(1).max(2_147_483_647),
        kind: z.enum(['adjustment', 'credit_note']),
        direction: z.enum(['increase', 'decrease']),
        amount: moneyAmount,
      })
      .optional()
      .describe('correction: the ledger entry on a receivable of that customer and currency (required)'),
  })
  .superRefine((b, ctx) => {
    if (b.resolution === 'correction' && !b.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'a correction names its ledger entry' });
    if (b.resolution === 'explanation' && b.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'an explanation writes no entry' });
  });

const money = z.string().describe('Exact decimal with the currency’s digits');
const DifferenceView = z.object({
  id: z.number().int(),
  uploadId: z.number().int(),
  rowNo: z.number().int().describe('Row of the uploaded file (0: not in the file, held by the ledger)'),
  customerNo: z.string(),
  customerName: z.string(),
  currency: z.string(),
  financeBalance: money,
  ledgerBalance: money.describe('The ledger’s outstanding − unallocated credit as of the upload’s date, when uploaded'),
  difference: money.describe('finance − ledger'),
  status: z.enum(['agreed', 'open', 'resolved']),
  resolution: z.enum(['correction', 'explanation']).nullable(),
  resolutionNote: z.string().nullable(),
  entryId: z.number().int().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  notes: z.array(
    z.object({
      id: z.number().int(),
      note: z.string(),
      writtenBy: z.string(),
      writtenByName: z.string().describe('Display name of the writer'),
      createdAt: z.string(),
    }),
  ),
  actions: RecordActions,
});
const UploadView = z.object({
  id: z.number().int(),
  asOf: z.string(),
  format: z.enum(['csv', 'xlsx']),
  uploadedBy: z.string(),
  uploadedByName: z.string(),
  createdAt: z.string(),
  rows: z.number().int(),
  open: z.number().int().describe('Differences not yet worked'),
});
const UploadDetail = UploadView.extend({ differences: z.array(DifferenceView) });

function differenceActions(user: CurrentUser, d: BalanceDifferenceDetailRow): RecordAction[] {
  if (d.status !== 'open' || !BALANCE_WRITERS.includes(user.role)) return [];
  const base = `/balance-differences/${d.id}`;
  const act = (step: string, labelZh: string, labelEn: string): RecordAction => ({
    step,
    method: 'POST',
    path: `${base}/${step}`,
    labelZh,
    labelEn,
    commentRequired: false,
    allowed: true,
  });
  return [act('notes', '加註', 'Add note'), act('resolve', '處理差異', 'Resolve')];
}

/** 404 for a balance difference that does not exist (its number in the URL is all the caller sent). */
const noDifference = () => new AppError('not_found', '查無此餘額差異 No such balance difference');

/** A settled difference's status as a refusal says it. */
const DIFFERENCE_DONE: Record<'agreed' | 'resolved', [string, string]> = {
  agreed: ['餘額相符', 'agreed'],
  resolved: ['已處理', 'resolved'],
};

/** How people know a balance difference: its customer, currency and the finance balances' as-of date. */
async function differenceText(
  db: Kysely<Database>,
  d: { customer_no: string; currency: string; upload_id: number },
): Promise<{ zh: string; en: string }> {
  const [customer, upload] = await Promise.all([customerText(db, d.customer_no), findBalanceUpload(db, d.upload_id)]);
  const currency = d.currency.trim();
  const asOf = upload?.as_of ?? '';
  return {
    zh: `客戶 ${customer} ${currency} 於 ${asOf} 的餘額差異`,
    en: `The balance difference of ${customer} in ${currency} as of ${asOf}`,
  };
}

/** 422 text: the correction's receivable is not of the difference's customer and currency. */
async function notTheirs(
  db: Kysely<Database>,
  d: { customer_no: string; currency: string },
  rec: { job_no: string; label: string } | undefined,
): Promise<string> {
  const customer = await customerText(db, d.customer_no);
  const currency = d.currency.trim();
  if (!rec) return `客戶 ${customer} 沒有此筆 ${currency} 應收款 No such receivable of ${customer} in ${currency}`;
  const r = receivableText({ jobNo: rec.job_no, label: rec.label });
  return `應收款 ${r} 不是客戶 ${customer} 的 ${currency} 應收款 receivable ${r} is not one of ${customer}'s in ${currency}`;
}

async function uploadDetail(db: Kysely<Database>, user: CurrentUser, uploadId: number) {
  const u = await findBalanceUpload(db, uploadId);
  if (!u) throw new AppError('not_found', '查無此財務餘額上傳 No such upload of finance balances');
  const rows = await listBalanceDifferences(db, { uploadId });
  const notes = await listNotes(
    db,
    'balance_difference',
    rows.map((r) => r.id),
  );
  return {
    id: u.id,
    asOf: u.as_of,
    format: u.format,
    uploadedBy: u.uploaded_by,
    uploadedByName: u.uploaded_by_name ?? u.uploaded_by,
    createdAt: u.created_at.toISOString(),
    rows: rows.length,
    open: rows.filter((r) => r.status === 'open').length,
    differences: rows.map((d) => ({
      id: d.id,
      uploadId: d.upload_id,
      rowNo: d.row_no,
      customerNo: d.customer_no,
      customerName: d.customer_name,
      currency: d.currency,
      financeBalance: fmt(d.finance_balance, d.currency),
      ledgerBalance: fmt(d.ledger_balance, d.currency),
      difference: fmtScaled(parseDecimal(d.finance_balance).minus(parseDecimal(d.ledger_balance)), d.currency),
      status: d.status,
      resolution: d.resolution,
      resolutionNote: d.resolution_note,
      entryId: d.entry_id,
      resolvedBy: d.resolved_by,
      resolvedByName: d.resolved_by_name,
      resolvedAt: d.resolved_at?.toISOString() ?? null,
      notes: notes
        .filter((n) => n.subject_id === d.id)
        .map((n) => ({
          id: n.id,
          note: n.note,
          writtenBy: n.written_by,
          writtenByName: n.written_by_name ?? n.written_by,
          createdAt: n.created_at.toISOString(),
        })),
      actions: differenceActions(user, d),
    })),
  };
}

const readers = {
  preValidation: async (req: Parameters<typeof requireRole>[0]) => {
    requireRole(req, BALANCE_READERS, 'read finance’s balances');
  },
};

export function balanceRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const db = deps.db;
  return async (app) => {
    app.post(
      '/finance-balances',
      {
        bodyLimit: XLSX_BODY_LIMIT,
        schema: {
          tags: ['receivables'],
          summary:
            'Finance uploads its receivables balance per customer and currency (CSV or .xlsx): the differences from the ledger as of that date, to be worked',
          headers: IdempotencyHeaders,
          body: UploadBody,
          response: { 201: UploadDetail, 200: UploadDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, BALANCE_WRITERS, 'upload finance’s balances');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        notFuture('asOf', b.asOf);
        const rows = await readSheet(b.file, BALANCE_COLUMNS, {
          required: ['customerNo', 'currency', 'balance'],
          maxRows: 5000,
          format: b.format,
        });
        const known = await existingCustomerNos(db, [...new Set(rows.map((r) => r.values.customerNo ?? ''))]);
        const problems: RowProblem[] = [];
        const seen = new Map<string, number>();
        const parsed = rows.map((r) => {
          const { customerNo = '', currency = '', balance = '' } = r.values;
          const bad = (field: string, message: string) => problems.push({ row: r.rowNo, field, message });
          if (!customerNo) bad('customerNo', 'required');
          else if (!known.has(customerNo)) bad('customerNo', `no customer ${customerNo}`);
          if (!currency) bad('currency', 'required');
          else if (!(CURRENCIES as readonly string[]).includes(currency))
            bad('currency', `must be one of ${CURRENCIES.join(', ')}`);
          if (!balance) bad('balance', 'required');
          else if (!moneyAmount.safeParse(balance.replace(/^-/, '')).success)
            bad('balance', 'must be a decimal amount, e.g. 1234.50 or -20.00');
          else if ((CURRENCIES as readonly string[]).includes(currency)) {
            const p = amountDigitsProblem('balance', balance.replace(/^-/, ''), currency as Currency);
            if (p) bad('balance', p);
          }
          const k = `${customerNo}|${currency}`;
          if (seen.has(k)) bad('customerNo', `${customerNo} ${currency} duplicates row ${seen.get(k)}`);
          else seen.set(k, r.rowNo);
          return { rowNo: r.rowNo, customerNo, currency, balance };
        });
        if (problems.length) throw rowProblems(rows, [], problems);
        const { ref, replay } = await once(db, user.id, 'finance-balances', key, async (trx) => {
          const ledger = await netBalancesAsOf(trx, b.asOf);
          const out = parsed.map((r) => {
            const l = ledger.get(`${r.customerNo}|${r.currency}`) ?? '0';
            ledger.delete(`${r.customerNo}|${r.currency}`);
            const agreed = parseDecimal(r.balance).eq(parseDecimal(l));
            return {
              row_no: r.rowNo,
              customer_no: r.customerNo,
              currency: r.currency,
              finance_balance: r.balance,
              ledger_balance: l,
              status: agreed ? ('agreed' as const) : ('open' as const),
            };
          });
          // What the ledger holds and the file leaves out is a difference too.
          for (const [k, v] of [...ledger].sort(([a], [c]) => a.localeCompare(c))) {
            if (parseDecimal(v).isZero()) continue;
            const [customerNo, currency] = k.split('|') as [string, string];
            out.push({
              row_no: 0,
              customer_no: customerNo,
              currency,
              finance_balance: '0',
              ledger_balance: v,
              status: 'open',
            });
          }
          const uploadId = await insertBalanceUpload(trx, { asOf: b.asOf, format: b.format, by: user.id, rows: out });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'balance_upload',
            recordId: String(uploadId),
            action: 'balance_upload.uploaded',
            changes: {
              asOf: b.asOf,
              format: b.format,
              rows: parsed.length,
              differences: out.filter((o) => o.status === 'open').length,
            },
            idempotencyKey: key,
          });
          return uploadId;
        });
        return reply.status(replay ? 200 : 201).send(await uploadDetail(db, user, ref));
      },
    );

    app.get(
      '/finance-balances',
      {
        ...readers,
        schema: {
          tags: ['receivables'],
          summary: 'Finance’s balance uploads, newest first, with their open differences',
          response: {
            200: z.object({
              items: z.array(UploadView),
              actions: RecordActions.describe('Upload finance’s balances (finance)'),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const user = requireRole(req, BALANCE_READERS, 'read finance’s balances');
        const rows = await listBalanceUploads(db);
        return {
          items: rows.map((u) => ({
            id: u.id,
            asOf: u.as_of,
            format: u.format,
            uploadedBy: u.uploaded_by,
            uploadedByName: u.uploaded_by_name ?? u.uploaded_by,
            createdAt: u.created_at.toISOString(),
            rows: u.rows,
            open: u.open,
          })),
          actions: balanceListActions(user),
        };
      },
    );

    app.get(
      '/finance-balances/:uploadId',
      {
        ...readers,
        schema: {
          tags: ['receivables'],
          summary: 'One upload: each customer and currency with finance’s and the ledger’s balance and the difference',
          params: UploadParams,
          response: { 200: UploadDetail, ...errorResponses },
        },
      },
      async (req) => uploadDetail(db, requireRole(req, BALANCE_READERS, 'read'), req.params.uploadId),
    );

    /** The difference (404), locked and open (409), its upload's id. */
    const openDifference = async (
      trx: Parameters<typeof lockBalanceDifference>[0],
      differenceId: number,
    ): Promise<NonNullable<Awaited<ReturnType<typeof lockBalanceDifference>>>> => {
      const d = await lockBalanceDifference(trx, differenceId);
      if (!d) throw noDifference();
      if (d.status !== 'open') {
        const [zh, en] = DIFFERENCE_DONE[d.status];
        const what = await differenceText(trx, d);
        throw new AppError('conflict', `${what.zh}${zh}，不能再處理 ${what.en} is ${en}`, { reason: 'wrong_state' });
      }
      return d;
    };

    app.post(
      '/balance-differences/:differenceId/notes',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Add a note to an open difference between finance’s books and the ledger',
          headers: IdempotencyHeaders,
          params: DifferenceParams,
          body: z.strictObject({ note: text(2000) }),
          response: { 200: UploadDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, BALANCE_WRITERS, 'work balance differences');
        const key = idempotencyKeyOf(req);
        const { differenceId } = req.params;
        let uploadId = 0;
        await once(db, user.id, `balance-note:${differenceId}`, key, async (trx) => {
          const d = await openDifference(trx, differenceId);
          uploadId = d.upload_id;
          const n = await insertNote(trx, {
            subject: 'balance_difference',
            subjectId: differenceId,
            note: req.body.note,
            by: user.id,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'balance_difference',
            recordId: String(differenceId),
            action: 'balance_difference.noted',
            comment: req.body.note,
            changes: { noteId: n.id },
            idempotencyKey: key,
          });
          return n.id;
        });
        if (!uploadId) uploadId = (await listBalanceDifferences(db, { id: differenceId }))[0]!.upload_id;
        return uploadDetail(db, user, uploadId);
      },
    );

    app.post(
      '/balance-differences/:differenceId/resolve',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Resolve a difference: by a ledger correction (an adjustment or credit note on a receivable of that customer and currency) or an explanation; the uploaded and ledger balances stay as they were',
          headers: IdempotencyHeaders,
          params: DifferenceParams,
          body: ResolveBody,
          response: { 200: UploadDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, BALANCE_WRITERS, 'resolve balance differences');
        const key = idempotencyKeyOf(req);
        const { differenceId } = req.params;
        const b = req.body;
        const [row] = await listBalanceDifferences(db, { id: differenceId });
        if (!row) throw noDifference();
        await db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'balance_difference', String(differenceId), key)) return;
          const d = await openDifference(trx, differenceId);
          let entryId: number | null = null;
          if (b.correction) {
            const rec = await findReceivableWithOwner(trx, b.correction.receivableId);
            if (!rec || rec.customer_no !== d.customer_no || rec.currency !== d.currency)
              throw unprocessable('correction.receivableId', await notTheirs(trx, d, rec));
            const { entry } = await appendEntry(
              trx,
              user,
              {
                receivableId: b.correction.receivableId,
                kind: b.correction.kind,
                amount: b.correction.amount,
                amountField: 'correction.amount',
                direction: b.correction.direction,
                entryDate: businessToday(),
                reason: b.note,
                cause: { balanceDifferenceId: differenceId },
              },
              key,
            );
            entryId = entry.id;
          }
          await resolveBalanceDifferenceRow(trx, differenceId, {
            resolution: b.resolution,
            note: b.note,
            entryId,
            by: user.id,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'balance_difference',
            recordId: String(differenceId),
            action: 'balance_difference.resolved',
            fromState: 'open',
            toState: 'resolved',
            comment: b.note,
            changes: { resolution: b.resolution, entryId },
            idempotencyKey: key,
          });
        });
        return uploadDetail(db, user, row.upload_id);
      },
    );
  };
}
