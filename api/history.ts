import type { Kysely } from 'kysely';
import type { AuditRow } from '../db/audit.table';
import type { Database } from '../db/database';
import { findDisplayNames } from '../db/user.repository';
import { eventLabel, stateLabel } from '../domain/labels';

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

/** The labels of an audit row's event and states (domain/labels.ts), beside their keys. */
export const labelsOf = (r: Pick<AuditRow, 'record_type' | 'action' | 'from_state' | 'to_state'>) => ({
  actionLabel: eventLabel(r.action),
  fromStateLabel: stateLabel(r.record_type, r.from_state),
  toStateLabel: stateLabel(r.record_type, r.to_state),
});

/**
 * A record's history with the display names of each actor and of the user acted for beside their ids
 * (`actorName`, `onBehalfOfName`; null for an id that names no user, e.g. `system`) and the labels of its
 * event and states (`actionLabel`, `fromStateLabel`, `toStateLabel`). One query for all names.
 */
export async function historyWithNames(db: Kysely<Database>, rows: readonly AuditRow[]) {
  const names = await findDisplayNames(
    db,
    rows.flatMap((r) => [r.actor_id, ...(r.on_behalf_of ? [r.on_behalf_of] : [])]),
  );
  return rows.map((r) => ({
    ...toHistoryEntry(r),
    actorName: names.get(r.actor_id) ?? null,
    onBehalfOfName: r.on_behalf_of ? (names.get(r.on_behalf_of) ?? null) : null,
    ...labelsOf(r),
  }));
}
