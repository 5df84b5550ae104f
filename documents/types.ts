/**
 * Input of the printed documents. Money amounts are exact decimal strings with the currency's decimals
 * ("22600.00"); the renderers group them by thousands ("22,600.00") and never compute with them. Times
 * are already in business time (`YYYY-MM-DD HH:mm`, lib/dates `businessDateTime`), names are display
 * names, never user ids.
 */

export interface Party {
  name: string;
  /** English name printed under the Chinese one where there is room (company header). */
  nameEn?: string;
  address: string;
  phone: string;
  fax?: string | null;
  contactPerson: string;
}

export interface QuoteSheetLine {
  lineNo: number;
  /** e.g. '海運 Ocean freight' */
  serviceLabel: string;
  route: string;
  commodity: string;
  /** e.g. '每40HQ櫃 per 40HQ' */
  unitLabel: string;
  currency: string;
  unitPrice: string;
  quantity: string;
  amount: string;
}

export interface CurrencyTotal {
  currency: string;
  amount: string;
}

export interface QuoteSheetData {
  company: Party;
  customer: Party & { customerNo: string };
  quoteNo: string;
  revision: number;
  issuedOn: string;
  validUntil: string;
  salesperson: string;
  lines: QuoteSheetLine[];
  totals: CurrencyTotal[];
  notes?: string[];
  /** ISO timestamp; also the PDF's CreationDate, so the same input gives the same bytes. */
  generatedAt: string;
}

export interface CostBudgetLine {
  /** Service or fee item 「費用科目」. */
  label: string;
  currency: string;
  revenue: string;
  cost: string;
  margin: string;
  /** e.g. '14.29'; printed '—' when revenue is zero. */
  marginPct: string;
  /** Who bears the fee item. */
  payer?: 'company' | 'customer';
}

export interface CostBudgetSheetData {
  company: Party;
  customer: Party & { customerNo: string };
  quoteNo: string;
  revision: number;
  lines: CostBudgetLine[];
  totals: { currency: string; revenue: string; cost: string; margin: string; marginPct: string }[];
  /** The approving GM's display name. */
  approvedBy?: string | null;
  /** Business time, `YYYY-MM-DD HH:mm`. */
  approvedAt?: string | null;
  generatedAt: string;
}

export interface ContractClause {
  /** '1', '2.1' */
  no: string;
  title: string;
  text: string;
  /** Negotiated change from the standard terms, marked 「已協商修改」 on the printout. */
  changed?: boolean;
}

export interface ContractData {
  company: Party;
  customer: Party & { customerNo: string };
  contractNo: string;
  quoteNo: string;
  templateVersion: number;
  signedOn?: string | null;
  services: QuoteSheetLine[];
  totals: CurrencyTotal[];
  clauses: ContractClause[];
  /** Role label, approver's display name (and for whom), business time `YYYY-MM-DD HH:mm`. */
  approvals: { role: string; name: string; at: string }[];
  generatedAt: string;
}
