import type { Kysely } from 'kysely';
import type { AuditRow } from '../../db/audit.table';
import type { Database } from '../../db/database';
import { findDisplayNames } from '../../db/user.repository';
import { endOfBusinessDay } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { labelsOf } from '../history';
import { historyCostSide } from '../quotes/budget-access';

export const toAuditEntry = (r: AuditRow) => ({
  id: r.id,
  at: r.occurred_at.toISOString(),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  onBehalfOf: r.on_behalf_of,
  recordType: r.record_type,
  recordId: r.record_id,
  action: r.action,
  fromState: r.from_state,
  toState: r.to_state,
  comment: r.comment,
  changes: r.changes,
  rowHash: r.row_hash,
});

/**
 * Audit rows as the API shows them, with the actors' display names and the labels of events and states. For a reader
 * of the log who does not read cost budgets (`budgetReader` false: the admin) each row's `changes` leaves out the
 * cost side (`historyCostSide`, api/quotes/budget-access.ts — a priced step's `belowCost`); `rowHash` is the stored
 * one, which `GET /audit/verify` checks against the stored row.
 */
export async function toAuditEntries(db: Kysely<Database>, stored: readonly AuditRow[], budgetReader: boolean) {
  const rows = historyCostSide(budgetReader, stored);
  const names = await findDisplayNames(
    db,
    rows.flatMap((r) => [r.actor_id, ...(r.on_behalf_of ? [r.on_behalf_of] : [])]),
  );
  return rows.map((r) => ({
    ...toAuditEntry(r),
    actorName: names.get(r.actor_id) ?? null,
    onBehalfOfName: r.on_behalf_of ? (names.get(r.on_behalf_of) ?? null) : null,
    ...labelsOf(r),
  }));
}

const dayBefore = (d: string) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() - 1);
  return x.toISOString().slice(0, 10);
};

/**
 * Business dates → instants: `from` at the start of its day, `to` at the end of its day (exclusive). A range
 * with `to` before `from` is 400 under `to` (not a silent empty answer).
 */
export function dateRange(from?: string, to?: string): { from?: Date; to?: Date } {
  if (from && to && to < from)
    throw new AppError('bad_request', 'to must not be before from', {
      fields: [{ path: 'querystring.to', message: 'must not be before from' }],
    });
  return {
    ...(from ? { from: new Date(endOfBusinessDay(dayBefore(from))) } : {}),
    ...(to ? { to: new Date(endOfBusinessDay(to)) } : {}),
  };
}
