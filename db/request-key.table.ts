import type { ColumnType } from 'kysely';

export interface RequestKeyTable {
  actor_id: string;
  scope: string;
  key: string;
  ref: number;
  created_at: ColumnType<Date, never, never>;
}
