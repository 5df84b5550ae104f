import type { AuditRow } from '../db/audit.table';

/** An audit row as the API shows it in a record's history. */
export const toHistoryEntry = (r: AuditRow) => ({
  at: r.occurred_at.toISOString(),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  onBehalfOf: r.on_behalf_of,
  action: r.action,
  fromState: r.from_state,
  toState: r.to_state,
  comment: r.comment,
  changes: r.changes,
});
