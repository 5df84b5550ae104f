import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Role } from '../machines/roles';

export interface UserTable {
  id: string;
  display_name: string;
  role: Role;
  manager_id: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** Largest discount below the tariff price this user may quote, in per cent; null = the role's default. */
  price_authority_pct: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where notices are mailed (SMTP_URL); null: logged only. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
}
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
