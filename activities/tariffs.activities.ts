/**
 * The tariff chains' writes. Each activity is one transaction: the audit row (keyed by the step's
 * idempotency key) first, then the read model; a retried activity finds its audit row and changes nothing.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import type { Database } from '../db/database';
import {
  findTariffChange,
  insertTariffChange,
  lockVersionFromChange,
  saveTariffDraft,
  setTariffChangeStatus,
  setTariffStatus,
} from '../db/tariff.repository';
import type { TariffVersionStatus } from '../db/tariff.table';
import { dueAtOf } from '../db/due-time';
import { moveWorkItem } from '../db/work-item.repository';
import { defaultInboxSla, type DueTime, type InboxSla } from '../lib/config';
import { stateLabel } from '../domain/labels';
import type { AuditedRecordType } from '../domain/record-types';
import type { TariffStepRecord as StepRecord } from '../domain/tariff';
import type { TariffLineInput } from '../machines/catalog';
import type { TariffChangeStatus } from '../machines/tariff-change.machine';

/**
 * The inbox item of a tariff version or change after a step (the `work_items` read model): who must act
 * now — the GM on a submitted version, commerce on a returned one; the marketing manager, then the GM,
 * on a change — or nobody (locked, discarded, decided); due `due` after now (INBOX_SLA_TARIFF / _TARIFF_CHANGE).
 * Written in the step's transaction.
 */
async function moveTariffWorkItem(
  trx: Parameters<typeof moveWorkItem>[0],
  recordType: 'tariff' | 'tariff_change',
  recordId: number,
  state: string,
  role: string | null,
  actorId: string,
  title: string | null,
  due: DueTime,
): Promise<void> {
  const label = stateLabel(recordType, state)!;
  await moveWorkItem(trx, {
    recordType,
    recordId: String(recordId),
    closedBy: actorId,
    next: role
      ? {
          step: state,
          role,
          ownerId: null,
          customerNo: null,
          summary: { stepLabel: `${label.zh} ${label.en}`, ...(title ? { title } : {}) },
          dueAt: await dueAtOf(trx, due),
        }
      : null,
  });
}

/** Whose turn a tariff version's status makes it: the GM on a submitted one, commerce on a returned draft. */
const TARIFF_TURN: Partial<Record<TariffVersionStatus, string>> = { pending_gm: 'gm', draft: 'commerce' };
const CHANGE_TURN: Partial<Record<TariffChangeStatus, string>> = {
  pending_marketing_manager: 'marketing_manager',
  pending_gm: 'gm',
};

const auditOf = (
  recordType: AuditedRecordType,
  recordId: number,
  s: StepRecord,
  changes?: Record<string, unknown>,
) => ({
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

export function createTariffActivities({
  db,
  config = {},
}: {
  db: Kysely<Database>;
  config?: { inboxSla?: InboxSla };
}) {
  const sla = config.inboxSla ?? defaultInboxSla();
  return {
    /** Writes a draft's header and lines (created or edited). */
    async recordTariffDraft(
      input: StepRecord & { versionNo: number; title: string; effectiveFrom: string; lines: TariffLineInput[] },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(
          trx,
          auditOf('tariff', input.versionNo, input, {
            title: input.title,
            effectiveFrom: input.effectiveFrom,
            lineCount: input.lines.length,
          }),
        );
        if (!fresh) return;
        await saveTariffDraft(trx, { ...input, draftedBy: input.actor.id });
      });
    },

    /** Submit, approve (lock), return, discard. */
    async recordTariffStep(input: StepRecord & { versionNo: number }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await appendAudit(trx, auditOf('tariff', input.versionNo, input)))) return;
        const status = input.toState as TariffVersionStatus;
        await setTariffStatus(trx, input.versionNo, status, input.actor.id);
        await moveTariffWorkItem(
          trx,
          'tariff',
          input.versionNo,
          status,
          TARIFF_TURN[status] ?? null,
          input.actor.id,
          null,
          sla.tariff,
        );
      });
    },

    async recordTariffChangeProposed(
      input: StepRecord & {
        changeId: number;
        baseVersionNo: number;
        reason: string;
        effectiveFrom: string;
        lines: TariffLineInput[];
      },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(
          trx,
          auditOf('tariff_change', input.changeId, input, {
            baseVersionNo: input.baseVersionNo,
            effectiveFrom: input.effectiveFrom,
            lineCount: input.lines.length,
          }),
        );
        if (!fresh) return;
        await insertTariffChange(trx, { ...input, id: input.changeId, proposedBy: input.actor.id });
        await moveTariffWorkItem(
          trx,
          'tariff_change',
          input.changeId,
          'pending_marketing_manager',
          CHANGE_TURN.pending_marketing_manager!,
          input.actor.id,
          input.reason,
          sla.tariffChange,
        );
      });
    },

    /**
     * Records an approval, rejection or withdrawal. The GM's final approval also creates the new
     * locked version from the change's lines, in the same transaction; its number is returned.
     */
    async recordTariffChangeStep(
      input: StepRecord & { changeId: number; lockResultVersion?: boolean },
    ): Promise<{ resultVersionNo: number | null }> {
      return db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(trx, auditOf('tariff_change', input.changeId, input));
        const change = await findTariffChange(trx, input.changeId);
        if (!change) throw new Error(`tariff change ${input.changeId} has no row yet`);
        if (!fresh) return { resultVersionNo: change.result_version_no };
        const status = input.toState as TariffChangeStatus;
        let resultVersionNo: number | null = null;
        // The machine's effect `lockResultVersion` (older histories: the approval that ends the chain).
        if (input.lockResultVersion ?? status === 'approved') {
          resultVersionNo = await lockVersionFromChange(trx, change, input.actor.id);
          await appendAudit(trx, {
            ...auditOf('tariff', resultVersionNo, {
              ...input,
              action: 'tariff.locked_from_change',
              fromState: null,
              toState: 'locked',
            }),
            changes: {
              sourceChangeId: change.id,
              basedOnVersionNo: change.base_version_no,
              lineCount: change.lines.length,
            },
          });
        }
        await setTariffChangeStatus(trx, input.changeId, {
          status,
          ...(input.fromState === 'pending_marketing_manager' && status === 'pending_gm'
            ? { marketingApprovedBy: input.actor.id }
            : {}),
          ...(['approved', 'rejected'].includes(status) ? { decidedBy: input.actor.id } : {}),
          ...(resultVersionNo ? { resultVersionNo } : {}),
        });
        await moveTariffWorkItem(
          trx,
          'tariff_change',
          input.changeId,
          status,
          CHANGE_TURN[status] ?? null,
          input.actor.id,
          change.reason,
          sla.tariffChange,
        );
        return { resultVersionNo };
      });
    },
  };
}
