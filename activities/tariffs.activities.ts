/**
 * The tariff chains' writes. Each activity is one transaction: the audit row (keyed by the step's
 * idempotency key) first, then the read model; a retried activity finds its audit row and changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import type { Database } from '../db/database';
import {
  findTariffChange,
  insertTariffChange,
  saveTariffDraft,
  setTariffStatus,
  toLineRow,
} from '../db/tariff.repository';
import type { TariffVersionStatus } from '../db/tariff.table';
import type { TariffLineInput } from '../machines/catalog';
import type { Actor } from '../machines/roles';
import type { TariffChangeStatus } from '../machines/tariff-change.machine';

export interface StepRecord {
  actor: Actor;
  action: string;
  fromState: string | null;
  toState: string;
  comment?: string | undefined;
  idempotencyKey: string;
}

const auditOf = (recordType: string, recordId: number, s: StepRecord, changes?: Record<string, unknown>) => ({
  actorId: s.actor.id,
  actorRole: s.actor.role,
  onBehalfOf: s.actor.onBehalfOf ?? null,
  recordType,
  recordId: String(recordId),
  action: s.action,
  fromState: s.fromState,
  toState: s.toState,
  comment: s.comment ?? null,
  changes: changes ?? null,
  idempotencyKey: s.idempotencyKey,
});

export function createTariffActivities({ db }: { db: Kysely<Database> }) {
  return {
    /** Writes a draft's header and lines (created or edited). */
    async recordTariffDraft(
      input: StepRecord & { versionNo: number; title: string; effectiveFrom: string; lines: TariffLineInput[] },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(
          trx,
          auditOf('tariff', input.versionNo, input, { title: input.title, effectiveFrom: input.effectiveFrom, lineCount: input.lines.length }),
        );
        if (!fresh) return;
        await saveTariffDraft(trx, { ...input, draftedBy: input.actor.id });
      });
    },

    /** Submit, approve (lock), return, discard. */
    async recordTariffStep(input: StepRecord & { versionNo: number }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await appendAudit(trx, auditOf('tariff', input.versionNo, input)))) return;
        await setTariffStatus(trx, input.versionNo, input.toState as TariffVersionStatus, input.actor.id);
      });
    },

    async recordTariffChangeProposed(
      input: StepRecord & { changeId: number; baseVersionNo: number; reason: string; effectiveFrom: string; lines: TariffLineInput[] },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(
          trx,
          auditOf('tariff_change', input.changeId, input, { baseVersionNo: input.baseVersionNo, effectiveFrom: input.effectiveFrom, lineCount: input.lines.length }),
        );
        if (!fresh) return;
        await insertTariffChange(trx, { ...input, id: input.changeId, proposedBy: input.actor.id });
      });
    },

    /**
     * Records an approval, rejection or withdrawal. The GM's final approval also creates the new
     * locked version from the change's lines, in the same transaction; its number is returned.
     */
    async recordTariffChangeStep(input: StepRecord & { changeId: number }): Promise<{ resultVersionNo: number | null }> {
      return db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(trx, auditOf('tariff_change', input.changeId, input));
        const change = await findTariffChange(trx, input.changeId);
        if (!change) throw new Error(`tariff change ${input.changeId} has no row yet`);
        if (!fresh) return { resultVersionNo: change.result_version_no };
        const status = input.toState as TariffChangeStatus;
        let resultVersionNo: number | null = null;
        if (status === 'approved') {
          const { no } = await sql<{ no: number }>`select nextval('tariff_version_no_seq')::int as no`.execute(trx).then((r) => r.rows[0]!);
          resultVersionNo = no;
          await trx
            .insertInto('tariff_versions')
            .values({
              version_no: no,
              title: `Change #${change.id}: ${change.reason}`.slice(0, 200),
              status: 'locked',
              effective_from: change.effective_from,
              drafted_by: change.proposed_by,
              submitted_by: change.proposed_by,
              approved_by: input.actor.id,
              locked_at: sql`now()` as unknown as Date,
              source_change_id: change.id,
              based_on_version_no: change.base_version_no,
            })
            .execute();
          const lines = change.lines;
          if (lines.length) {
            await trx.insertInto('tariff_lines').values(lines.map((l, i) => toLineRow(no, l, i))).execute();
          }
          await appendAudit(trx, {
            ...auditOf('tariff', no, { ...input, action: 'tariff.locked_from_change', fromState: null, toState: 'locked' }),
            changes: { sourceChangeId: change.id, basedOnVersionNo: change.base_version_no, lineCount: lines.length },
          });
        }
        await trx
          .updateTable('tariff_changes')
          .set({
            status,
            updated_at: sql`now()`,
            ...(input.fromState === 'pending_marketing_manager' && status === 'pending_gm' ? { marketing_approved_by: input.actor.id } : {}),
            ...(['approved', 'rejected'].includes(status) ? { decided_by: input.actor.id } : {}),
            ...(resultVersionNo ? { result_version_no: resultVersionNo } : {}),
          })
          .where('id', '=', input.changeId)
          .execute();
        return { resultVersionNo };
      });
    },
  };
}
