/** Table `container_volume_budgets`: a salesperson's monthly container budget (month `YYYY-MM`). */
import type { ColumnType } from 'kysely';

export interface ContainerVolumeBudgetTable {
  owner_id: string;
  month: string;
  budget_containers: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
