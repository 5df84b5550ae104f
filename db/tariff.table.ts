import type { ColumnType, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { TariffLineInput } from '../machines/catalog';

export type TariffVersionStatus = 'draft' | 'pending_gm' | 'locked' | 'discarded';

export interface TariffVersionTable {
  version_no: number;
  title: string;
  status: TariffVersionStatus;
  /** First date (business calendar) the version is in force once locked. */
  effective_from: string;
  drafted_by: string;
  submitted_by: string | null;
  approved_by: string | null;
  locked_at: Date | null;
  source_change_id: number | null;
  based_on_version_no: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TariffLineTable {
  version_no: number;
  line_no: number;
  service_type: string;
  industry: string;
  commodity: string;
  route_from: string;
  route_to: string;
  unit: string;
  currency: string;
  /** Decimal string, exact (numeric(18,4)). */
  price: string;
  budget_cost: string;
  valid_from: string | null;
  valid_to: string | null;
}

export type TariffChangeStatus = 'pending_marketing_manager' | 'pending_gm' | 'approved' | 'rejected' | 'withdrawn';

export interface TariffChangeTable {
  id: number;
  base_version_no: number;
  status: TariffChangeStatus;
  reason: string;
  effective_from: string;
  proposed_by: string;
  lines: JSONColumnType<TariffLineInput[], string, string>;
  marketing_approved_by: string | null;
  decided_by: string | null;
  result_version_no: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type TariffVersionRow = Selectable<TariffVersionTable>;
export type TariffLineRow = Selectable<TariffLineTable>;
export type TariffChangeRow = Selectable<TariffChangeTable>;
export type NewTariffVersion = Insertable<TariffVersionTable>;
