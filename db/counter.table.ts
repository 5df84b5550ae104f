/** Gap-free counters: one row per (name, period), incremented under a row lock inside the caller's transaction. */
export interface CounterTable {
  name: string;
  period: number;
  last_value: number;
}
