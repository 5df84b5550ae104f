/** Table `job_exceptions`: exceptions 「異常」 of a job's stages, their progress notes and resolution. */
import type { ColumnType, Selectable } from 'kysely';
import type { ExceptionType } from '../domain/job';
import type { JobStage } from '../machines/job.machine';

/** One progress note: when (ISO timestamp), by whom (user id), what. */
export interface ExceptionProgressNote {
  at: string;
  by: string;
  note: string;
}

export interface JobExceptionTable {
  id: number;
  job_no: string;
  owner_id: string;
  customer_no: string;
  stage: JobStage;
  type: ExceptionType;
  description: string;
  customer_notified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  remedy: string | null;
  progress: ColumnType<ExceptionProgressNote[], string | undefined, string>;
  status: 'open' | 'resolved';
  raised_by: string;
  raised_at: ColumnType<Date, Date | undefined, never>;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
}

export type JobExceptionRow = Selectable<JobExceptionTable>;
