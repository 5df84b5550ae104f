/** Tables of customer visits and the success diary (migration 0022): visits, visit_follow_ups, visit_plans, diaries, diary_comments. */
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { DiaryPrefill, VisitRecord, VisitStatus } from '../domain/visit';

type Created = ColumnType<Date, Date | undefined, never>;

/** One customer visit 客戶訪問: planned (visit plan), then recorded (visit record) or cancelled. */
export interface VisitTable {
  id: Generated<number>;
  customer_no: string;
  owner_id: string;
  /** Monday of the plan week (business date). */
  week_start: string;
  planned_at: Date;
  purpose: string;
  questions: string | null;
  material: string | null;
  status: ColumnType<VisitStatus, VisitStatus | undefined, VisitStatus>;
  /** When the appointment was last confirmed by phone (§2.4.7). */
  appointment_confirmed_at: Date | null;
  /** The business date of `visited_at`. */
  visited_on: string | null;
  /** When the visit took place (migration 0029); null until recorded. */
  visited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  record: JSONColumnType<VisitRecord | null, string | null, string | null>;
  cancel_reason: string | null;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A follow-up of a visit record: what, whose, by when; an inbox item until done. */
export interface VisitFollowUpTable {
  id: Generated<number>;
  visit_id: number;
  action: string;
  owner_id: string;
  due_on: string;
  done_at: Date | null;
  done_by: string | null;
  done_note: string | null;
}

/** A salesperson's visit plan of a week, as submitted. */
export interface VisitPlanTable {
  owner_id: string;
  week_start: string;
  submitted_at: Created;
  on_time: boolean;
}

/** One working day's success diary of a salesperson, with the system's facts as they stood when submitted. */
export interface DiaryTable {
  owner_id: string;
  day: string;
  today_work: string;
  tomorrow_plan: string;
  prefill: JSONColumnType<DiaryPrefill, string, never>;
  submitted_at: Created;
  on_time: boolean;
}

/** The sales manager's comment on a diary. */
export interface DiaryCommentTable {
  id: Generated<number>;
  owner_id: string;
  day: string;
  author_id: string;
  comment: string;
  created_at: Created;
}

export type VisitRow = Selectable<VisitTable>;
export type VisitFollowUpRow = Selectable<VisitFollowUpTable>;
export type VisitPlanRow = Selectable<VisitPlanTable>;
export type DiaryRow = Selectable<DiaryTable>;
export type DiaryCommentRow = Selectable<DiaryCommentTable>;
