import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { Direction, JobStage, JobStatus, PaymentMethod } from '../machines/job.machine';

type Created = ColumnType<Date, Date | undefined, never>;

export interface WaitingStep {
  step: string;
  roles: readonly string[];
  container?: string | undefined;
}

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
  waiting: JSONColumnType<WaitingStep[], string, string>;
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
  container_type: string;
  container_count: number;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  completed_at: Date | null;
}

export interface JobContainerTable {
  job_no: string;
  container_key: string;
  container_no: string | null;
  container_type: string;
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

export interface JobEventTable {
  id: Generated<number>;
  job_no: string;
  owner_id: string;
  customer_no: string;
  stage: string | null;
  step: string;
  container_key: string | null;
  containers: number;
  urgent: boolean;
  business_date: string;
  occurred_at: Created;
  actor_id: string;
  idempotency_key: string;
}

export interface JobExceptionTable {
  id: number;
  job_no: string;
  owner_id: string;
  customer_no: string;
  stage: JobStage;
  type: string;
  description: string;
  customer_notified_at: Date | null;
  remedy: string | null;
  progress: ColumnType<{ at: string; by: string; note: string }[], string | undefined, string>;
  status: 'open' | 'resolved';
  raised_by: string;
  raised_at: Created;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
}

export interface ReceivableTable {
  id: Generated<number>;
  job_no: string;
  customer_no: string;
  contract_no: string;
  label: string;
  source: 'fee_item' | 'service' | 'actual_charge';
  currency: string;
  amount: string;
  due_date: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: Created;
}

export interface ContainerVolumeBudgetTable {
  owner_id: string;
  month: string;
  budget_containers: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type JobRow = Selectable<JobTable>;
export type JobContainerRow = Selectable<JobContainerTable>;
export type JobExceptionRow = Selectable<JobExceptionTable>;
