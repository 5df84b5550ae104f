/** Tables `plans` (plans and summaries 計劃與總結), `prospects` and `prospect_risk_assessments` (客戶開發). */
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { PlanKind, PlanTargets } from '../domain/plan';
import type { PlanStatus } from '../machines/plan.machine';
import type { ProspectStage } from '../machines/prospect.machine';

type Json<T extends object | null> = JSONColumnType<T, string, string>;
type Created = ColumnType<Date, Date | undefined, never>;

/** The free-text sections of a report, by name (which names a kind has: domain/plan.ts PLAN_SECTIONS). */
export type PlanSections = Record<string, string>;

export interface PlanTable {
  id: Generated<number>;
  kind: PlanKind;
  period: string;
  owner_id: string;
  status: PlanStatus;
  period_from: string;
  period_to: string;
  due_on: string;
  due_at: Date;
  /** Targets of the period summarised (null: none set). */
  targets: Json<PlanTargets | null>;
  /** Targets planned for the next period. */
  next_targets: Json<PlanTargets>;
  /** An annual plan's next year by quarter (four), else null. */
  next_quarters: Json<PlanTargets[] | null>;
  sections: Json<PlanSections>;
  version: ColumnType<number, number | undefined, number>;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type PlanRow = Selectable<PlanTable>;

export interface ProspectTable {
  id: Generated<number>;
  customer_no: string;
  owner_id: string;
  stage: ProspectStage;
  source: string | null;
  note: string | null;
  lost_reason: string | null;
  stage_since: ColumnType<Date, Date | undefined, Date>;
  created_at: Created;
}
export type ProspectRow = Selectable<ProspectTable>;

export interface ProspectRiskAssessmentTable {
  id: Generated<number>;
  customer_no: string;
  /** Business scope 經營範圍. */
  business: string;
  /** Financial standing 財務狀況. */
  finances: string;
  rating: 'low' | 'medium' | 'high';
  /** Migration 0025: years trading, containers a year, payment history and references, reasons for the rating. */
  years_trading: number | null;
  annual_containers: number | null;
  payment_history: string | null;
  reasons: string | null;
  assessed_by: string;
  assessed_at: Created;
}
export type ProspectRiskAssessmentRow = Selectable<ProspectRiskAssessmentTable>;
