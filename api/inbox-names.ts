/**
 * How an inbox row names its record as people know it, not by its id (session 13 try-outs: 「計劃 12」 and
 * 「拜訪跟進 17」 told nobody which report or which follow-up): a plan (and the reminder or escalation of a missing
 * one) by kind, period and salesperson — 「月計劃與總結 Monthly plan and summary 2026-12 · 陳志明 Chen Zhiming」; a
 * visit follow-up by the customer (or prospect) visited, the visit's date and what is to be done —
 * 「深圳電子 · 2026-11-28 · 寄送報價」. One string `中文 English` like the row's `stepLabel`; null for other records
 * (their id is their name: a quote number, a tariff version).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { findPlanNames } from '../db/plan.repository';
import { findDisplayNames } from '../db/user.repository';
import { findFollowUpsWithVisit } from '../db/visit.repository';
import { PLAN_KINDS, PLAN_KIND_LABELS, type PlanKind } from '../domain/plan';
import { businessToday } from '../lib/dates';

/** The part of an inbox row its name is drawn from. */
export interface NamedRow {
  record_type: string;
  record_id: string;
  customer_name: string | null;
  customer_no: string | null;
}

const PLAN_TYPES = ['plan', 'plan_reminder', 'plan_escalation'];

/** A reminder's or escalation's record id `<ownerId>:<kind>:<period>` (domain/rhythm.ts reminderRecordId) of a plan kind. */
function reminderOf(recordId: string): { ownerId: string; kind: PlanKind; period: string } | null {
  const parts = recordId.split(':');
  if (parts.length !== 3 || !PLAN_KINDS.includes(parts[1] as PlanKind)) return null;
  return { ownerId: parts[0]!, kind: parts[1] as PlanKind, period: parts[2]! };
}

/** Each row's name (see the module), in the rows' order: one query per record kind and one for the names. */
export async function inboxRecordNames(db: Kysely<Database>, rows: readonly NamedRow[]): Promise<(string | null)[]> {
  const planIds = rows.filter((r) => r.record_type === 'plan').map((r) => Number(r.record_id));
  const followUpIds = rows.filter((r) => r.record_type === 'visit_follow_up').map((r) => Number(r.record_id));
  const [plans, followUps] = await Promise.all([findPlanNames(db, planIds), findFollowUpsWithVisit(db, followUpIds)]);
  const planOf = new Map(plans.map((p) => [String(p.id), { ownerId: p.owner_id, kind: p.kind, period: p.period }]));
  const followUpOf = new Map(followUps.map((f) => [String(f.id), f]));
  const plansOf = rows.map((r) =>
    r.record_type === 'plan'
      ? planOf.get(r.record_id)
      : PLAN_TYPES.includes(r.record_type)
        ? reminderOf(r.record_id)
        : null,
  );
  const names = await findDisplayNames(
    db,
    plansOf.flatMap((p) => (p ? [p.ownerId] : [])),
  );
  return rows.map((r, i) => {
    const p = plansOf[i];
    if (p) {
      const kind = PLAN_KIND_LABELS[p.kind as PlanKind] ?? { zh: p.kind, en: p.kind };
      return `${kind.zh} ${kind.en} ${p.period} · ${names.get(p.ownerId) ?? p.ownerId}`;
    }
    const f = r.record_type === 'visit_follow_up' ? followUpOf.get(r.record_id) : undefined;
    if (f) {
      const visited = f.visited_on ?? businessToday(f.planned_at);
      return `${r.customer_name ?? r.customer_no ?? ''} · ${visited} · ${f.action}`;
    }
    return null;
  });
}
