/** The kysely schema: one interface per table, from the `*.table.ts` files. */
import type { AuditTable } from './audit.table';
import type { CounterTable } from './counter.table';
import type { CustomerTable } from './customer.table';
import type { TariffChangeTable, TariffLineTable, TariffVersionTable } from './tariff.table';
import type { UserTable } from './user.table';
import type { RequestKeyTable } from './request-key.table';

export interface Database {
  users: UserTable;
  counters: CounterTable;
  customers: CustomerTable;
  audit_log: AuditTable;
  tariff_versions: TariffVersionTable;
  tariff_lines: TariffLineTable;
  tariff_changes: TariffChangeTable;
  request_keys: RequestKeyTable;
}
