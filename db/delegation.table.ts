/** Delegations of a manager's or the GM's role to another user for a date range (`delegations`). */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Created = ColumnType<Date, never, never>;

export interface DelegationTable {
  id: Generated<number>;
  from_user: string;
  to_user: string;
  role: string;
  starts_on: string;
  ends_on: string;
  created_at: Created;
  revoked_at: Date | null;
}

export type DelegationRow = Selectable<DelegationTable>;
