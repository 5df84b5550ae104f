/** Table `collection_calls`: a call to a customer about money owed, with any promise to pay (append-only). */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface CollectionCallTable {
  id: Generated<number>;
  customer_no: string;
  called_on: string;
  outcome: string;
  promise_currency: string | null;
  promise_amount: string | null;
  promise_date: string | null;
  note: string | null;
  recorded_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type CollectionCallRow = Selectable<CollectionCallTable>;
