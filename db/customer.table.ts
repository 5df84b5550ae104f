import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CustomerStatus } from '../machines/customer.machine';

export interface CustomerTable {
  id: Generated<number>;
  customer_no: string;
  full_name: string;
  normalized_name: string;
  address: string;
  phone: string;
  fax: string | null;
  contact_person: string;
  industry: string | null;
  credit_standing: string | null;
  payment_terms: string | null;
  status: CustomerStatus;
  owner_id: string;
  creation_key: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  version: ColumnType<number, number | undefined, number>;
}
export type CustomerRow = Selectable<CustomerTable>;
export type NewCustomer = Insertable<CustomerTable>;
