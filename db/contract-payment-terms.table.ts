/** Table `contract_payment_terms`: a contract's payment terms (domain/payment-terms.ts); without a row, the standard terms. */
import type { ColumnType, Selectable } from 'kysely';
import type { PaymentTermKind } from '../domain/payment-terms';

export interface ContractPaymentTermsTable {
  contract_no: string;
  kind: PaymentTermKind;
  days: number;
  set_by: string;
  set_at: ColumnType<Date, Date | undefined, Date>;
}

export type ContractPaymentTermsRow = Selectable<ContractPaymentTermsTable>;
