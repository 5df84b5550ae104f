/** Table `receipts` 收款: money a customer paid, as finance entered it (append-only; a trigger refuses UPDATE and DELETE). */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ReceiptTable {
  id: Generated<number>;
  customer_no: string;
  payer: string;
  currency: string;
  /** Positive exact decimal in the currency's digits. */
  amount: string;
  received_on: string;
  reference: string;
  note: string | null;
  entered_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type ReceiptRow = Selectable<ReceiptTable>;
