/** Table `collection_plans`: the planned collection date 預定收款日 of a customer (current plan; changes audited). */
import type { ColumnType, Selectable } from 'kysely';

export interface CollectionPlanTable {
  customer_no: string;
  planned_on: string;
  note: string | null;
  set_by: string;
  set_at: ColumnType<Date, Date | undefined, Date>;
}

export type CollectionPlanRow = Selectable<CollectionPlanTable>;
