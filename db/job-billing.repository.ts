/**
 * What billing a job raises, read from the database: the one place that loads a job's billing inputs
 * (its quote's revision lines, the internal quote's customer-paid fee items, the contract's payment
 * terms) and turns them into receivable lines (domain/job-billing.ts `receivablesOf`) with their
 * invoice and due dates. The billing activity stores its result; `POST /jobs/{no}/billing-preview`
 * shows it before the step is sent — so the preview and the receivables cannot disagree.
 */
import type { Kysely, Transaction } from 'kysely';
import { receivablesOf, type ReceivableLine } from '../domain/job-billing';
import { DEFAULT_PAYMENT_TERMS, dueDateOf, type PaymentTerms } from '../domain/payment-terms';
import type { Database } from './database';
import type { JobRow } from './job.table';
import { findContractPaymentTerms } from './ledger.repository';
import { findInternalQuote, findQuote, findRevision } from './quote.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A job's billing: the lines it raises and the dates every one of them carries. */
export interface JobBilling {
  /** Business date `YYYY-MM-DD` of the invoice (the day of billing). */
  invoiceDate: string;
  /** Business date `YYYY-MM-DD` the receivables fall due under `terms`. */
  dueDate: string;
  terms: PaymentTerms;
  /** `contract`: terms set for the contract; `standard`: none set, the standard terms' clause 4. */
  termsSource: 'contract' | 'standard';
  /** One per receivable, in the order they are raised; amounts exact in their currency's digits. */
  lines: ReceivableLine[];
}

/**
 * The receivables billing `job` on `invoiceDate` raises with the charges entered at billing
 * (`charges`: label, currency, exact decimal amount). Reads only; throws when the job's quote is gone
 * (a broken record, not input).
 */
export async function jobBillingOf(
  db: Db,
  job: JobRow,
  charges: readonly { label: string; currency: string; amount: string }[],
  invoiceDate: string,
): Promise<JobBilling> {
  const quote = await findQuote(db, job.quote_no);
  if (!quote) throw new Error(`job ${job.job_no} has no quote`);
  const [rev, iq, contractTerms] = await Promise.all([
    findRevision(db, quote.quote_no, quote.revision),
    findInternalQuote(db, quote.quote_no, quote.revision),
    findContractPaymentTerms(db, job.contract_no),
  ]);
  const lines = receivablesOf(
    {
      containerType: job.container_type,
      containerCount: job.container_count,
      declaredValue:
        job.declared_value && job.declared_value_currency
          ? { currency: job.declared_value_currency, amount: job.declared_value }
          : null,
    },
    rev?.lines ?? [],
    (iq?.fee_items ?? []).filter((f) => f.payer === 'customer'),
    charges,
  );
  const terms = contractTerms ?? DEFAULT_PAYMENT_TERMS;
  return {
    invoiceDate,
    dueDate: dueDateOf(invoiceDate, terms),
    terms,
    termsSource: contractTerms ? 'contract' : 'standard',
    lines,
  };
}
