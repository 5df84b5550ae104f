/** Table `job_containers`: each container of a job (key C1, C2, …), its number and transport facts. */
import type { ColumnType, Selectable } from 'kysely';
import type { ContainerType } from '../domain/job';

export interface JobContainerTable {
  job_no: string;
  container_key: string;
  container_no: string | null;
  container_type: ContainerType;
  last_step: string | null;
  delivery_date: string | null;
  delivery_place: string | null;
  truck: string | null;
  driver: string | null;
  driver_phone: string | null;
  arrived_at: Date | null;
  customer_confirmed: ColumnType<boolean, boolean | undefined, boolean>;
  unloaded_at: Date | null;
}

export type JobContainerRow = Selectable<JobContainerTable>;
