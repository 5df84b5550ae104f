import type { AuditRow } from '../db/audit.table';
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

/** The user ids a history names (actors and the users acted for): looked up with the record's other names, in one query. */
export const historyUserIds = (rows: readonly AuditRow[]): string[] =>
  rows.flatMap((r) => [r.actor_id, ...(r.on_behalf_of ? [r.on_behalf_of] : [])]);

/**
 * A record's history with the display names of each actor and of the user acted for beside their ids
 * (`actorName`, `onBehalfOfName`; null for an id that names no user, e.g. `system`) and the labels of its
 * event and states (`actionLabel`, `fromStateLabel`, `toStateLabel`). `names`: display names by user id
 * (`findDisplayNames` of at least `historyUserIds(rows)`, with whatever other names the record's view shows,
 * so a view makes one name lookup, not two).
 */
export function historyNamed(rows: readonly AuditRow[], names: ReadonlyMap<string, string>) {
  return rows.map((r) => ({
    ...toHistoryEntry(r),
    actorName: names.get(r.actor_id) ?? null,
    onBehalfOfName: r.on_behalf_of ? (names.get(r.on_behalf_of) ?? null) : null,
    ...labelsOf(r),
  }));
}

/**
 * Whom `actorId` acted for in the last of a record's `actions` events they recorded (its audit row's
 * `on_behalf_of`), or null when they acted in their own role (or recorded none): how a record's "decided by" /
 * "approved by" names the user a delegate acted for, as its history does.
 */
export function onBehalfOfLast(
  rows: readonly AuditRow[],
  actions: readonly string[],
  actorId: string | null | undefined,
): string | null {
  let found: string | null = null;
  for (const r of rows) if (r.actor_id === actorId && actions.includes(r.action)) found = r.on_behalf_of;
  return found;
}
