/**
 * Payment terms 付款條件 of a contract, and the due date they give an invoice. Two kinds:
 * - `monthly_statement` 月結: the customer's invoices of a calendar month are stated at its last day
 *   (對帳日) and due `days` calendar days after it — the standard terms' clause 4 (對帳確認後十五日內),
 *   so the default is monthly statement + 15 days;
 * - `days_after_invoice` 發票後N天: due `days` calendar days after the invoice date.
 * Dates are business dates `YYYY-MM-DD` (BUSINESS_TIMEZONE); `days` is 0–365.
 */
import { countText, DAYS } from './words';

export const PAYMENT_TERM_KINDS = ['monthly_statement', 'days_after_invoice'] as const;
export type PaymentTermKind = (typeof PAYMENT_TERM_KINDS)[number];

export interface PaymentTerms {
  kind: PaymentTermKind;
  /** Calendar days after the statement date (monthly) or the invoice date; 0–365. */
  days: number;
}

/** The company's standard terms (contract clause 4): monthly statement, paid within 15 days of it. */
export const DEFAULT_PAYMENT_TERMS: PaymentTerms = { kind: 'monthly_statement', days: 15 };

export const PAYMENT_TERM_LABELS: Record<PaymentTermKind, string> = {
  monthly_statement: '月結 Monthly statement',
  days_after_invoice: '發票後 Days after invoice',
};

/**
 * Terms written for people in both languages: `['月結 15 天', 'Monthly statement, 15 days']`,
 * `['發票後 30 天', 'Days after invoice, 30 days']`.
 */
export function termsWords(t: PaymentTerms): [zh: string, en: string] {
  const label = PAYMENT_TERM_LABELS[t.kind];
  const i = label.indexOf(' ');
  const [days, daysEn] = countText(t.days, DAYS);
  return [`${label.slice(0, i)} ${days}`, `${label.slice(i + 1)}, ${daysEn}`];
}

/** `YYYY-MM-DD` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  const x = new Date(`${date}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last day of the invoice date's month, `YYYY-MM-DD`. */
export function statementDateOf(invoiceDate: string): string {
  const d = new Date(`${invoiceDate.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** The due date of an invoice dated `invoiceDate` under `terms`. */
export function dueDateOf(invoiceDate: string, terms: PaymentTerms): string {
  return terms.kind === 'monthly_statement'
    ? addCalendarDays(statementDateOf(invoiceDate), terms.days)
    : addCalendarDays(invoiceDate, terms.days);
}

/** How terms are written on a receivable and in answers: `monthly_statement+15`, `days_after_invoice+30`. */
export const termsText = (t: PaymentTerms): string => `${t.kind}+${t.days}`;
