/** The inbox read model: one open item per record whose turn it is (`work_items`). */
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface WorkItemTable {
  id: Generated<number>;
  record_type: string;
  record_id: string;
  step: string;
  role: string;
  owner_id: string | null;
  customer_no: string | null;
  summary: Json<Record<string, unknown>>;
  since: Date;
  due_at: Date | null;
  overdue: ColumnType<boolean, boolean | undefined, boolean>;
  closed_at: Date | null;
  closed_by: string | null;
}

export type WorkItemRow = Selectable<WorkItemTable>;
