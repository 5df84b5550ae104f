/** Table `receivables`: what a billed job's customer owes, line by line (exact decimal `amount` in `currency`). */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ReceivableTable {
  id: Generated<number>;
  job_no: string;
  customer_no: string;
  contract_no: string;
  label: string;
  source: 'fee_item' | 'service' | 'actual_charge';
  currency: string;
  /** The invoice amount; what is owed now is the sum of its entries (receivable-entry.table.ts). */
  amount: string;
  /** Business date of the invoice (billing), `YYYY-MM-DD`. */
  invoice_date: string;
  /** The terms the due date came from, `monthly_statement+15` / `days_after_invoice+30` (domain/payment-terms.ts). */
  payment_terms: string;
  due_date: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type ReceivableRow = Selectable<ReceivableTable>;
