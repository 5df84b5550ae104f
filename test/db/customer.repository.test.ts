import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  findCustomerByNo,
  insertCustomer,
  isUniqueViolation,
  issueCustomerNo,
  listCustomers,
  lockCustomerByNo,
  normalizeCustomerName,
  setCustomerStatus,
  updateCustomer,
} from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { up as recomputeNameKeys } from '../../db/migrations/0008_customer_name_key';
import { createTestDatabase } from '../support/database';

const FORMAT = 'C{year}-{seq:5}';
const YEAR = 2031;

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => handle.close());
beforeEach(async () => {
  await db.deleteFrom('customers').execute();
  await db.deleteFrom('counters').execute();
});

const fields = (fullName: string, ownerId = 'sales') => ({
  fullName,
  address: '1 Harbour Road',
  phone: '+852 1234 5678',
  contactPerson: 'Ms Chan',
  ownerId,
  creationKey: null,
});

/** Numbers and inserts the customer in one transaction, as the API does. */
const create = (fullName: string, ownerId = 'sales', year = YEAR) =>
  db.transaction().execute(async (trx: Transaction<Database>) => {
    const customerNo = await issueCustomerNo(trx, FORMAT, year);
    return insertCustomer(trx, { ...fields(fullName, ownerId), customerNo });
  });

class Abort extends Error {}

describe('customer numbers', () => {
  it('the first customers of a year are numbered 1, 2, … in the configured format', async () => {
    expect((await create('Alpha Trading')).customer_no).toBe('C2031-00001');
    expect((await create('Beta Trading')).customer_no).toBe('C2031-00002');
  });

  it('each year starts its own sequence', async () => {
    await create('Alpha Trading', 'sales', 2031);
    expect((await create('Beta Trading', 'sales', 2032)).customer_no).toBe('C2032-00001');
  });

  it('a rolled-back creation gives its number back to the next customer', async () => {
    await create('Alpha Trading');
    await expect(
      db.transaction().execute(async (trx) => {
        const customerNo = await issueCustomerNo(trx, FORMAT, YEAR);
        await insertCustomer(trx, { ...fields('Beta Trading'), customerNo });
        throw new Abort('changed my mind');
      }),
    ).rejects.toBeInstanceOf(Abort);
    expect((await create('Gamma Trading')).customer_no).toBe('C2031-00002');
    expect(await findCustomerByNo(db, 'C2031-00002')).toMatchObject({ full_name: 'Gamma Trading' });
  });

  it('a creation refused for a duplicate name consumes no number', async () => {
    await create('Alpha Trading');
    const err = await create('ALPHA trading').catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect((await create('Beta Trading')).customer_no).toBe('C2031-00002');
  });

  it('twenty customers entered at the same moment get numbers 1 to 20, none missing or repeated', async () => {
    const rows = await Promise.all(Array.from({ length: 20 }, (_, i) => create(`Concurrent Customer ${i}`)));
    const numbers = rows.map((r) => r.customer_no).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `C2031-${String(i + 1).padStart(5, '0')}`));
  });
});

describe('customer names', () => {
  it('names differing only in width, case, spacing or punctuation normalise alike', () => {
    const variants = [
      'ABC Trading Co., Ltd.',
      'ＡＢＣ　Trading  Co Ltd',
      ' abc trading (co) ltd ',
      'abc-trading co，ltd。',
    ];
    const forms = variants.map(normalizeCustomerName);
    expect(new Set(forms.map((f) => f.replace(/ /g, '')))).toEqual(new Set(['abctradingcoltd']));
    expect(normalizeCustomerName('「上海」貿易（有限）公司')).toBe(normalizeCustomerName('上海貿易有限公司'));
    expect(normalizeCustomerName('ABC   Trading')).toBe('abc trading');
  });

  it('migration 0008 recomputes every key; customers entered twice under the old rule keep apart with their number appended', async () => {
    const a = await create('星辰貿易有限公司');
    const b = await create('placeholder');
    const c = await create('月光物流有限公司');
    // As the old rule stored them: the zero-width space kept, so both got in.
    await db.updateTable('customers').set({ full_name: '星辰\u200B貿易有限公司' }).where('id', '=', b.id).execute();
    await db
      .updateTable('customers')
      .set({ normalized_name: sql<string>`full_name` })
      .execute();
    await recomputeNameKeys(db);
    const keys = Object.fromEntries(
      (await db.selectFrom('customers').select(['customer_no', 'normalized_name']).execute()).map((r) => [
        r.customer_no,
        r.normalized_name,
      ]),
    );
    expect(keys).toEqual({
      [a.customer_no]: '星辰贸易有限公司',
      [b.customer_no]: `星辰贸易有限公司#${b.customer_no}`,
      [c.customer_no]: '月光物流有限公司',
    });
    // A third entry of the name is refused by the key the first one holds.
    expect(isUniqueViolation(await create('星辰贸易有限公司').catch((e: unknown) => e))).toBe(true);
  });

  it('the database refuses a second customer with the same normalised name', async () => {
    await create('上海貿易有限公司');
    expect(isUniqueViolation(await create('「上海」貿易（有限）公司').catch((e: unknown) => e))).toBe(true);
  });
});

describe('finding and changing customers', () => {
  beforeEach(async () => {
    await create('Alpha Trading', 'sales');
    await create('Beta 100% Freight', 'sales');
    await create('Gamma_Logistics', 'sales_manager');
  });

  it('a search matches part of the name or the number and counts every match', async () => {
    expect((await listCustomers(db, { q: 'ＡＬＰＨＡ', limit: 10, offset: 0 })).rows.map((r) => r.full_name)).toEqual([
      'Alpha Trading',
    ]);
    const byName = await listCustomers(db, { q: 'trad', limit: 10, offset: 0 });
    expect(byName.rows.map((r) => r.full_name)).toEqual(['Alpha Trading']);
    const byNo = await listCustomers(db, { q: '2031-0000', limit: 2, offset: 0 });
    expect(byNo.rows).toHaveLength(2);
    expect(byNo.total).toBe(3);
  });

  it('a search takes % and _ literally', async () => {
    expect((await listCustomers(db, { q: '100%', limit: 10, offset: 0 })).rows.map((r) => r.full_name)).toEqual([
      'Beta 100% Freight',
    ]);
    expect((await listCustomers(db, { q: 'ma_lo', limit: 10, offset: 0 })).rows.map((r) => r.full_name)).toEqual([
      'Gamma_Logistics',
    ]);
    expect((await listCustomers(db, { q: '%', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('a list shows only the visible owners’ customers, filtered by status and owner', async () => {
    expect((await listCustomers(db, { visibleOwnerIds: ['sales'], limit: 10, offset: 0 })).total).toBe(2);
    expect((await listCustomers(db, { visibleOwnerIds: [], limit: 10, offset: 0 })).total).toBe(0);
    expect((await listCustomers(db, { ownerId: 'sales_manager', limit: 10, offset: 0 })).total).toBe(1);
    expect((await listCustomers(db, { status: 'formal', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('a correction writes only the given fields, renormalises the name and counts a new version', async () => {
    const row = await db.transaction().execute(async (trx) => {
      const current = await lockCustomerByNo(trx, 'C2031-00001');
      return updateCustomer(trx, current!.id, { fullName: 'Alpha Trading International', fax: '+852 0000' });
    });
    expect(row).toMatchObject({
      full_name: 'Alpha Trading International',
      normalized_name: 'alpha trading international',
      fax: '+852 0000',
      phone: '+852 1234 5678',
      version: 2,
    });
  });

  it('a status change is stored with a new version', async () => {
    const row = await db.transaction().execute(async (trx) => {
      const current = await lockCustomerByNo(trx, 'C2031-00002');
      return setCustomerStatus(trx, current!.id, 'formal');
    });
    expect(row).toMatchObject({ status: 'formal', version: 2 });
    expect((await listCustomers(db, { status: 'formal', limit: 10, offset: 0 })).total).toBe(1);
  });
});
