import type { AuditRow } from '../../db/audit.table';
import { endOfBusinessDay } from '../../lib/dates';

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

const dayBefore = (d: string) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() - 1);
  return x.toISOString().slice(0, 10);
};

/** Business dates → instants: `from` at the start of its day, `to` at the end of its day (exclusive). */
export function dateRange(from?: string, to?: string): { from?: Date; to?: Date } {
  return {
    ...(from ? { from: new Date(endOfBusinessDay(dayBefore(from))) } : {}),
    ...(to ? { to: new Date(endOfBusinessDay(to)) } : {}),
  };
}
