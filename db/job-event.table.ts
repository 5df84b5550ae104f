/** Table `job_events`: one row per accepted job step (and `job.created`), the source of container volume 「柜量」. */
import type { ColumnType, Generated, Selectable } from 'kysely';

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
  occurred_at: ColumnType<Date, Date | undefined, never>;
  actor_id: string;
  idempotency_key: string;
}

export type JobEventRow = Selectable<JobEventTable>;
