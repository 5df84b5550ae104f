/**
 * Customers in Excel: the import template, customers imported from an .xlsx sheet (every bad row —
 * shape, owner, a name another customer or another row already has — reported with its row number and
 * field; nothing imported until every row is valid; then all in one transaction, numbers issued, each
 * audited as `customer.created`), and the list the caller may see exported.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../db/audit.repository';
import {
  findCustomerByCreationKey,
  findCustomerByNormalizedName,
  insertCustomer,
  isUniqueViolation,
  issueCustomerNo,
  listCustomers,
  normalizeCustomerName,
} from '../../db/customer.repository';
import type { CustomerRow } from '../../db/customer.table';
import { businessYear } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { readSheet, writeSheet, XLSX_MEDIA_TYPE, type SheetColumn } from '../../lib/xlsx-sheet';
import { CUSTOMER_STATUS_LABELS } from '../../machines/customer.machine';
import type { Actor } from '../../machines/roles';
import { resolveActor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses } from '../schemas';
import { rowProblems, SheetImportBody, XLSX_BODY_LIMIT, type RowProblem } from '../sheet-import';
import { CUSTOMER_CREATE_ROLES, ownerOf } from './create-customer';
import { CreateCustomerBody, CustomerWithOwner, withOwnerNames } from './schemas';
import { actingScopeOf } from './visibility';
import { bilingual } from '../../machines/refusal-text';

export const CUSTOMER_COLUMNS: readonly SheetColumn[] = [
  { key: 'fullName', label: '客戶全稱', width: 30 },
  { key: 'address', label: '地址', width: 30 },
  { key: 'phone', label: '電話', note: 'Text: format the column as text to keep leading zeros' },
  { key: 'fax', label: '傳真' },
  { key: 'contactPerson', label: '聯絡人' },
  { key: 'industry', label: '行業' },
  { key: 'creditStanding', label: '信用狀況' },
  { key: 'paymentTerms', label: '付款條件' },
  {
    key: 'ownerId',
    label: '業務員',
    note: 'The owning salesperson’s login; salespeople leave it empty (they own what they import)',
  },
];
const EXPORT_COLUMNS: readonly SheetColumn[] = [
  { key: 'customerNo', label: '客戶編號' },
  ...CUSTOMER_COLUMNS,
  { key: 'ownerName', label: '業務員姓名' },
  { key: 'status', label: '狀態' },
];
const REQUIRED = ['fullName', 'address', 'phone', 'contactPerson'];

const HELP = [
  '客戶匯入範本 Customer import template',
  '第一列為欄位名稱，每列一個客戶；空白列略過。 Row 1 names the columns; one customer per row; empty rows are skipped.',
  '必填 required: 客戶全稱 fullName, 地址 address, 電話 phone, 聯絡人 contactPerson.',
  '業務員 ownerId: 業務員本人匯入時留空；經理與商務部填業務員帳號。 Salespeople leave it empty; managers and commerce name an active salesperson (a manager: one of the team).',
  '客戶全稱不可與既有客戶或其他列重複（忽略全半形、大小寫與標點）。 A name may not repeat an existing customer’s or another row’s (width, case and punctuation ignored).',
  '任何一列有誤則整批不匯入，並列出列號與欄位。 If any row is wrong nothing is imported; each error names its row and column.',
];

const ImportResult = z.object({
  created: z.array(CustomerWithOwner).describe('The customers made, in row order, numbers issued'),
  total: z.number().int(),
});

export function customerSheetRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const xlsx = {
      tags: ['customers'],
      produces: [XLSX_MEDIA_TYPE],
      response: { 200: z.unknown().describe('The .xlsx workbook'), ...errorResponses },
    };
    const send = (reply: import('fastify').FastifyReply, name: string, body: Buffer) =>
      reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(body);

    app.get(
      '/customers/template.xlsx',
      { schema: { ...xlsx, summary: 'The .xlsx template for importing customers (header row and notes)' } },
      async (_req, reply) =>
        send(reply, 'customers-template.xlsx', await writeSheet('客戶 Customers', CUSTOMER_COLUMNS, [], HELP)),
    );

    app.get(
      '/customers/export.xlsx',
      {
        schema: { ...xlsx, summary: 'Export the customers the caller may see to .xlsx (number order, at most 10,000)' },
      },
      async (req, reply) => {
        const scope = await actingScopeOf(deps.db, currentUser(req));
        const { rows } = await listCustomers(deps.db, {
          ...(scope ? { visibleOwnerIds: scope } : {}),
          limit: 10_000,
          offset: 0,
        });
        const views = await withOwnerNames(deps.db, rows);
        const body = await writeSheet(
          '客戶 Customers',
          EXPORT_COLUMNS,
          views.map((c) => ({ ...c, status: CUSTOMER_STATUS_LABELS[c.status] })),
        );
        return send(reply, 'customers.xlsx', body);
      },
    );

    app.post(
      '/customers/import',
      {
        bodyLimit: XLSX_BODY_LIMIT,
        schema: {
          tags: ['customers'],
          summary:
            'Enter customers from the rows of an .xlsx sheet (as POST /customers, each row): all rows valid or nothing imported (422 lists each bad row and field in details.rows)',
          headers: IdempotencyHeaders,
          body: SheetImportBody,
          response: { 201: ImportResult, 200: ImportResult, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = currentUser(req);
        await resolveActor(deps, user, CUSTOMER_CREATE_ROLES);
        const key = idempotencyKeyOf(req);
        const rows = await readSheet(req.body.file, CUSTOMER_COLUMNS, { required: REQUIRED, maxRows: 1000 });
        const creationKey = (rowNo: number) => `${user.id}:${key}:import:${rowNo}`;
        const replayed = async (): Promise<CustomerRow[] | undefined> => {
          const made = await Promise.all(rows.map((r) => findCustomerByCreationKey(deps.db, creationKey(r.rowNo))));
          return made.every((m) => m !== undefined) ? made : undefined;
        };
        const answer = async (status: 200 | 201, made: CustomerRow[]) =>
          reply.status(status).send({ created: await withOwnerNames(deps.db, made), total: made.length });

        const earlier = await replayed();
        if (earlier) return answer(200, earlier);

        // The same rules as one POST /customers, row by row; every problem collected before refusing.
        const issues: { path: PropertyKey[]; message: string }[] = [];
        const extra: RowProblem[] = [];
        const valid: { index: number; body: z.infer<typeof CreateCustomerBody>; ownerId: string; actor: Actor }[] = [];
        const firstRowOfName = new Map<string, number>();
        for (const [index, { rowNo, values }] of rows.entries()) {
          const parsed = CreateCustomerBody.safeParse(values);
          if (!parsed.success) {
            issues.push(...parsed.error.issues.map((i) => ({ path: [index, ...i.path], message: i.message })));
            continue;
          }
          const body = parsed.data;
          let owner: Awaited<ReturnType<typeof ownerOf>> | undefined;
          try {
            owner = await ownerOf(deps, user, body.ownerId);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            extra.push({ row: rowNo, field: 'ownerId', message: e.message });
          }
          const name = normalizeCustomerName(body.fullName);
          const taken = await findCustomerByNormalizedName(deps.db, name);
          if (taken) {
            extra.push({
              row: rowNo,
              field: 'fullName',
              message: `A customer with this name already exists: ${taken.customer_no}`,
            });
          }
          const first = firstRowOfName.get(name);
          if (first !== undefined) extra.push({ row: rowNo, field: 'fullName', message: `same name as row ${first}` });
          else firstRowOfName.set(name, rowNo);
          if (owner !== undefined) valid.push({ index, body, ...owner });
        }
        if (issues.length || extra.length) throw rowProblems(rows, issues, extra);

        try {
          const made = await deps.db.transaction().execute(async (trx) => {
            const out: CustomerRow[] = [];
            for (const { index, body, ownerId, actor } of valid) {
              const { ownerId: _requested, ...fields } = body;
              const rowNo = rows[index]!.rowNo;
              const customerNo = await issueCustomerNo(trx, deps.config.customerNoFormat, businessYear());
              const created = await insertCustomer(trx, {
                ...fields,
                customerNo,
                ownerId,
                creationKey: creationKey(rowNo),
              });
              await appendAudit(trx, {
                actorId: actor.id,
                actorRole: actor.role,
                onBehalfOf: actor.onBehalfOf ?? null,
                recordType: 'customer',
                recordId: customerNo,
                action: 'customer.created',
                toState: created.status,
                changes: { ...fields, ownerId, importedFrom: { sheet: 'xlsx', row: rowNo } },
                idempotencyKey: key,
              });
              out.push(created);
            }
            return out;
          });
          return answer(201, made);
        } catch (err) {
          // A concurrent request won the race (same key, or a name taken meanwhile); everything rolled back.
          if (!isUniqueViolation(err)) throw err;
          const raced = await replayed();
          if (raced) return answer(200, raced);
          throw new AppError(
            'conflict',
            bilingual(
              '此表中的客戶剛被他人建立，未匯入任何資料，請再試一次',
              'A customer of this sheet was entered meanwhile; nothing was imported, try again',
            ),
          );
        }
      },
    );
  };
}
