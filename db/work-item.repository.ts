/** The inbox read model (work_items), delegations and the notification outbox (tables: work-item, delegation, notification). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Role } from '../machines/roles';
import type { Database } from './database';
import type { DelegationRow } from './delegation.table';
import type { WorkItemRow } from './work-item.table';

type Db = Kysely<Database> | Transaction<Database>;

/** Closes the record's open item (if any) and opens one for the role whose turn it is now. */
export async function moveWorkItem(
  trx: Transaction<Database>,
  w: {
    recordType: string;
    recordId: string;
    closedBy: string;
    next: {
      step: string;
      role: string;
      ownerId: string | null;
      customerNo: string | null;
      summary: Record<string, unknown>;
      dueAt: string | null;
    } | null;
  },
): Promise<void> {
  await trx
    .updateTable('work_items')
    .set({ closed_at: sql`now()`, closed_by: w.closedBy })
    .where('record_type', '=', w.recordType)
    .where('record_id', '=', w.recordId)
    .where('closed_at', 'is', null)
    .execute();
  if (!w.next) return;
  await trx
    .insertInto('work_items')
    .values({
      record_type: w.recordType,
      record_id: w.recordId,
      step: w.next.step,
      role: w.next.role,
      owner_id: w.next.ownerId,
      customer_no: w.next.customerNo,
      summary: JSON.stringify(w.next.summary),
      since: sql<Date>`now()`,
      due_at: w.next.dueAt ? new Date(w.next.dueAt) : null,
    })
    .execute();
}

export async function markWorkItemOverdue(
  trx: Transaction<Database>,
  recordType: string,
  recordId: string,
): Promise<WorkItemRow | undefined> {
  return trx
    .updateTable('work_items')
    .set({ overdue: true })
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** The record's open inbox item, if any. */
export async function findOpenWorkItem(db: Db, recordType: string, recordId: string): Promise<WorkItemRow | undefined> {
  return db
    .selectFrom('work_items')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

export interface InboxFilter {
  roles: readonly string[];
  /** Items for the `sales` role are shown only for these owners. */
  salesOwnerIds: readonly string[];
  /** Items for the `sales_manager` role that name an owner are shown only for these owners (their teams). */
  managedOwnerIds?: readonly string[];
  recordType?: string | undefined;
  step?: string | undefined;
  overdue?: boolean | undefined;
  limit: number;
  offset: number;
}

/**
 * Whether an open item is overdue — marked by its workflow's timer, or its due time has passed (an item whose due no
 * timer watches, e.g. a dispute or a plan review, is never marked). The one rule the inbox's order, its `overdue` filter
 * and its `overdue` flag all use.
 */
const isOverdue = sql<boolean>`(overdue or coalesce(due_at <= now(), false))`;

/**
 * An open item with its overdue flag (`late`: `isOverdue` at the time of the query) and its customer's name (read in
 * the same query: the desk prints `C0001 name`).
 */
export type InboxRow = WorkItemRow & { late: boolean; customer_name: string | null };

/**
 * The open items `f` lets the caller see, overdue first (by `isOverdue`), then by due time (none last), then oldest;
 * `total` counts all of them, `rows` the page (`limit`, `offset`).
 */
export async function listInbox(db: Db, f: InboxFilter): Promise<{ rows: InboxRow[]; total: number }> {
  const otherRoles = f.roles.filter((r) => r !== 'sales');
  if (otherRoles.length === 0 && !f.roles.includes('sales')) return { rows: [], total: 0 };
  let q = db.selectFrom('work_items').where('closed_at', 'is', null);
  q = q.where((eb) => {
    const ors = [];
    const plain = f.managedOwnerIds ? otherRoles.filter((r) => r !== 'sales_manager') : otherRoles;
    if (plain.length) ors.push(eb('role', 'in', plain));
    if (f.managedOwnerIds && otherRoles.includes('sales_manager')) {
      const team = f.managedOwnerIds.length ? [eb('owner_id', 'in', [...f.managedOwnerIds])] : [];
      ors.push(eb.and([eb('role', '=', 'sales_manager'), eb.or([eb('owner_id', 'is', null), ...team])]));
    }
    if (f.roles.includes('sales') && f.salesOwnerIds.length)
      ors.push(eb.and([eb('role', '=', 'sales'), eb('owner_id', 'in', f.salesOwnerIds)]));
    return ors.length ? eb.or(ors) : eb.val(false);
  });
  if (f.recordType) q = q.where('record_type', '=', f.recordType);
  if (f.step) q = q.where('step', '=', f.step);
  if (f.overdue !== undefined) q = q.where(isOverdue, '=', f.overdue);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .select(isOverdue.as('late'))
      // In the same query (a scalar subquery: a join would make the filters' `owner_id` ambiguous).
      .select((eb) =>
        eb
          .selectFrom('customers as c')
          .select('c.full_name')
          .whereRef('c.customer_no', '=', 'work_items.customer_no')
          .as('customer_name'),
      )
      .orderBy(isOverdue, 'desc')
      .orderBy('due_at', 'asc')
      .orderBy('since', 'asc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Delegations to `userId` in force on `date`. */
export async function activeDelegationsTo(db: Db, userId: string, date: string): Promise<DelegationRow[]> {
  return db
    .selectFrom('delegations')
    .selectAll()
    .where('to_user', '=', userId)
    .where('starts_on', '<=', date)
    .where('ends_on', '>=', date)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function insertDelegation(
  db: Db,
  d: { fromUser: string; toUser: string; role: string; startsOn: string; endsOn: string },
): Promise<DelegationRow> {
  return db
    .insertInto('delegations')
    .values({ from_user: d.fromUser, to_user: d.toUser, role: d.role, starts_on: d.startsOn, ends_on: d.endsOn })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listDelegations(db: Db, userId: string | undefined): Promise<DelegationRow[]> {
  let q = db.selectFrom('delegations').selectAll().orderBy('id', 'desc');
  if (userId) q = q.where((eb) => eb.or([eb('from_user', '=', userId), eb('to_user', '=', userId)]));
  return q.execute();
}

export async function revokeDelegation(db: Db, id: number): Promise<DelegationRow | undefined> {
  return db
    .updateTable('delegations')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function findDelegation(db: Db, id: number): Promise<DelegationRow | undefined> {
  return db.selectFrom('delegations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Queues a notice; the same dedupe key twice queues it once. Returns whether this call queued it (false: a duplicate). */
export async function enqueueNotification(
  trx: Db,
  n: {
    kind: string;
    recipientId: string;
    recordType: string;
    recordId: string;
    subject: string;
    body: string;
    dedupeKey: string;
    /** `user` (default): recipientId is a user id; `sms`: recipientId is `customer:<customerNo>`, texted to its phone. */
    channel?: 'user' | 'sms';
  },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('notifications')
    .values({
      channel: n.channel ?? 'user',
      kind: n.kind,
      recipient_id: n.recipientId,
      record_type: n.recordType,
      record_id: n.recordId,
      subject: n.subject,
      body: n.body,
      dedupe_key: n.dedupeKey,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Active users of a role, with their managers. */
export async function usersOfRole(db: Db, role: string): Promise<{ id: string; manager_id: string | null }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'manager_id'])
    .where('role', '=', role as Role)
    .where('active', '=', true)
    .execute();
}

export async function claimPendingNotifications(trx: Transaction<Database>, limit: number) {
  return trx
    .selectFrom('notifications')
    .selectAll()
    .where('state', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Where notices go: each user's display name and e-mail address, each customer's phone (`customer:<no>`). */
export async function findNoticeContacts(
  db: Db,
  userIds: readonly string[],
  customerNos: readonly string[],
): Promise<{ users: Map<string, { name: string; email: string | null }>; phones: Map<string, string> }> {
  const [users, customers] = await Promise.all([
    userIds.length
      ? db
          .selectFrom('users')
          .select(['id', 'display_name', 'email'])
          .where('id', 'in', [...userIds])
          .execute()
      : [],
    customerNos.length
      ? db
          .selectFrom('customers')
          .select(['customer_no', 'phone'])
          .where('customer_no', 'in', [...customerNos])
          .execute()
      : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, { name: u.display_name, email: u.email }])),
    phones: new Map(customers.map((c) => [c.customer_no, c.phone])),
  };
}

export async function markNotificationSent(
  trx: Transaction<Database>,
  id: number,
  state: 'sent' | 'failed',
): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({ state, sent_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
