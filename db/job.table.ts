/** Table `jobs`: one row per shipment job — as entered, and where it stands (the workflow's read model). */
import type { ColumnType, JSONColumnType, Selectable } from 'kysely';
import type { ContainerType } from '../domain/job';
import type { Currency } from '../machines/catalog';
import type { Direction, DueStep, JobStage, JobStatus, PaymentMethod } from '../machines/job.machine';

type Created = ColumnType<Date, Date | undefined, never>;

export interface JobTable {
  job_no: string;
  contract_no: string;
  quote_no: string;
  customer_no: string;
  owner_id: string;
  direction: Direction;
  payment_method: PaymentMethod | null;
  stages: JSONColumnType<JobStage[], string, string>;
  status: JobStatus;
  current_stage: JobStage | null;
  waiting: JSONColumnType<DueStep[], string, string>;
  waiting_roles: string[];
  stage_since: Date;
  cargo: string;
  port_of_loading: string;
  port_of_discharge: string;
  vessel: string | null;
  voyage: string | null;
  etd: string | null;
  eta: string | null;
  required_arrival: string | null;
  urgent: boolean;
  /** Declared cargo value (exact decimal) and its currency; both null when not declared. */
  declared_value: string | null;
  declared_value_currency: Currency | null;
  container_type: ContainerType;
  container_count: number;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  completed_at: Date | null;
}

export type JobRow = Selectable<JobTable>;
