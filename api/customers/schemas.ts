/** Request and response shapes of the customer routes (§3.3.4), and the row → response mapping. */
import { z } from 'zod';
import { RecordActions } from '../actions';
import { normalizeCustomerName } from '../../db/customer.repository';
import type { CustomerRow } from '../../db/customer.table';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { findDisplayNames } from '../../db/user.repository';
import { CUSTOMER_STATUS_LABELS, CUSTOMER_STATUSES, type CustomerStatusEvent } from '../../machines/customer.machine';
import { identifier, optionalText, Page, text } from '../schemas';
import { CustomerProspect } from '../prospects/schemas';

const fullName = text(200).refine((s) => normalizeCustomerName(s).length > 0, 'must contain letters or digits');

const contactFields = {
  address: text(500),
  phone: text(50),
  fax: optionalText(50),
  contactPerson: text(100),
  industry: optionalText(100),
  creditStanding: optionalText(100),
  paymentTerms: optionalText(500),
};

export const CreateCustomerBody = z.strictObject({
  fullName,
  ...contactFields,
  ownerId: text(64)
    .optional()
    .describe(
      'The owning salesperson (an active user of role sales). A salesperson owns what they enter and may leave it out; anyone else must name one (a sales manager: one of the team).',
    ),
});

export const UpdateCustomerBody = z.strictObject({
  fullName: fullName.optional(),
  address: contactFields.address.optional(),
  phone: contactFields.phone.optional(),
  fax: contactFields.fax,
  contactPerson: contactFields.contactPerson.optional(),
  industry: contactFields.industry,
  creditStanding: contactFields.creditStanding,
  paymentTerms: contactFields.paymentTerms,
  /** The version the client last read; a different current version refuses the change (409). */
  version: z.number().int().min(1).optional(),
});

const CUSTOMER_STATUS_EVENTS = [
  'customer.formalized',
  'customer.suspended',
  'customer.reinstated',
  'customer.terminated',
] as const satisfies readonly CustomerStatusEvent['type'][];

export const ChangeCustomerStatusBody = z.strictObject({
  event: z.enum(CUSTOMER_STATUS_EVENTS),
  comment: optionalText(2000),
});

export const CustomerParams = z.strictObject({ customerNo: identifier() });

export const ListCustomersQuery = Page.extend({
  q: text(200).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  ownerId: identifier().optional(),
});

export const Customer = z.object({
  customerNo: z.string(),
  fullName: z.string(),
  address: z.string(),
  phone: z.string(),
  fax: z.string().nullable(),
  contactPerson: z.string(),
  industry: z.string().nullable(),
  creditStanding: z.string().nullable(),
  paymentTerms: z.string().nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  statusLabel: z.string(),
  ownerId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CustomerView = z.infer<typeof Customer>;

/** A customer as listed and on its card: the owner's display name beside their id. */
export const CustomerWithOwner = Customer.extend({
  ownerName: z.string().nullable().describe('Display name of the owning salesperson (ownerId)'),
});

/** One customer on its card (GET /customers/{customerNo}): with its prospect, if it came through the pipeline. */
export const CustomerCard = CustomerWithOwner.extend({
  prospect: CustomerProspect.nullable().describe(
    'The customer’s prospect 客戶開發 (stage, risk assessment in short) when it is or was in the pipeline and the caller may read prospects of its owner; null otherwise',
  ),
  actions: RecordActions.describe(
    'The status changes the caller may send now (`POST /customers/{no}/status` with `{ event: step }`); empty for roles that change no status',
  ),
});

export const CustomerPage = z.object({ items: z.array(CustomerWithOwner), total: z.number().int() });

export const toCustomer = (r: CustomerRow): CustomerView => ({
  customerNo: r.customer_no,
  fullName: r.full_name,
  address: r.address,
  phone: r.phone,
  fax: r.fax,
  contactPerson: r.contact_person,
  industry: r.industry,
  creditStanding: r.credit_standing,
  paymentTerms: r.payment_terms,
  status: r.status,
  statusLabel: CUSTOMER_STATUS_LABELS[r.status],
  ownerId: r.owner_id,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  version: r.version,
});

/** Customer views with their owner's display name (`ownerName`), one query for all owners. */
export async function withOwnerNames(db: Kysely<Database>, rows: readonly CustomerRow[]) {
  const names = await findDisplayNames(
    db,
    rows.map((r) => r.owner_id),
  );
  return rows.map((r) => ({ ...toCustomer(r), ownerName: names.get(r.owner_id) ?? null }));
}
