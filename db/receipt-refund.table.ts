/** Table `receipt_refunds`: unallocated credit of a receipt paid back to the customer (append-only). */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ReceiptRefundTable {
  id: Generated<number>;
  receipt_id: number;
  amount: string;
  refunded_on: string;
  reference: string;
  entered_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type ReceiptRefundRow = Selectable<ReceiptRefundTable>;
