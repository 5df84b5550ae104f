/**
 * The tariff workflows on the real dev server, driven through the Temporal client (no HTTP).
 * With RECORD_HISTORIES=1 the finished histories are written to test/histories/ for the replay test.
 */
import { writeFile } from 'node:fs/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { findTariffVersion } from '../../db/tariff.repository';
import { tariffChangeWorkflowId, tariffWorkflowId } from '../../workflows/ids';
import {
  tariffChangeStepUpdate,
  tariffStatusQuery,
  tariffStepUpdate,
  type TariffChangeCommand,
  type TariffChangeWorkflow,
  type TariffWorkflow,
} from '../../workflows/tariff.definitions';
import { customsLine, oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import type { TariffLineInput } from '../../machines/catalog';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

const EventType = temporal.api.enums.v1.EventType;
const lines = [oceanLine(), customsLine()] as TariffLineInput[];

async function record(name: string, workflowId: string) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await s.client.workflow.getHandle(workflowId).fetchHistory();
  await writeFile(`test/histories/${name}.json`, historyToJSON(history));
}

describe('tariff workflow on the dev server', () => {
  it('refuses a wrong-role step in the validator, so it never reaches history, and survives a worker restart', async () => {
    const versionNo = 9001;
    const workflowId = tariffWorkflowId(s.temporalConfig.workflowIdPrefix, versionNo);
    const handle = await s.client.workflow.start<TariffWorkflow>('tariffWorkflow', {
      workflowId,
      taskQueue: s.temporalConfig.taskQueue,
      args: [
        {
          versionNo,
          title: 'wf test',
          effectiveFrom: today(),
          lines,
          actor: { id: 'commerce', role: 'commerce' },
          idempotencyKey: 'k-draft',
        },
      ],
    });

    const refused = handle.executeUpdate(tariffStepUpdate, {
      args: [{ event: { type: 'tariff.submitted', actor: { id: 'sales', role: 'sales' } }, idempotencyKey: 'k-bad' }],
      updateId: 'k-bad',
    });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'forbidden' } });

    await handle.executeUpdate(tariffStepUpdate, {
      args: [
        {
          event: { type: 'tariff.submitted', actor: { id: 'commerce', role: 'commerce' } },
          idempotencyKey: 'k-submit',
        },
      ],
      updateId: 'k-submit',
    });
    expect(await handle.query(tariffStatusQuery)).toMatchObject({ status: 'pending_gm', pendingRole: 'gm' });

    // A new worker has no cached state: it rebuilds the workflow from history and carries on.
    await s.stopWorker();
    await s.startWorker();
    const view = await handle.executeUpdate(tariffStepUpdate, {
      args: [{ event: { type: 'tariff.approved', actor: { id: 'gm', role: 'gm' } }, idempotencyKey: 'k-approve' }],
      updateId: 'k-approve',
    });
    expect(view.status).toBe('locked');
    expect((await handle.result()).status).toBe('locked');

    const history = await handle.fetchHistory();
    const accepted = history.events!.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId)).toEqual([
      'k-submit',
      'k-approve',
    ]);

    expect((await findTariffVersion(s.db, versionNo))?.status).toBe('locked');
    const audit = await listAuditForRecord(s.db, 'tariff', String(versionNo));
    expect(audit.map((a) => [a.action, a.actor_id, a.from_state, a.to_state])).toEqual([
      ['tariff.drafted', 'commerce', null, 'draft'],
      ['tariff.submitted', 'commerce', 'draft', 'pending_gm'],
      ['tariff.approved', 'gm', 'pending_gm', 'locked'],
    ]);
    await record('tariff-locked', workflowId);
  });

  it('a tariff change approved by marketing manager and GM locks a new version exactly once', async () => {
    const base = 9002;
    const baseId = tariffWorkflowId(s.temporalConfig.workflowIdPrefix, base);
    const b = await s.client.workflow.start<TariffWorkflow>('tariffWorkflow', {
      workflowId: baseId,
      taskQueue: s.temporalConfig.taskQueue,
      args: [
        {
          versionNo: base,
          title: 'base',
          effectiveFrom: today(),
          lines,
          actor: { id: 'commerce', role: 'commerce' },
          idempotencyKey: 'b-draft',
        },
      ],
    });
    for (const [type, actor] of [
      ['tariff.submitted', { id: 'commerce', role: 'commerce' }],
      ['tariff.approved', { id: 'gm', role: 'gm' }],
    ] as const) {
      await b.executeUpdate(tariffStepUpdate, {
        args: [{ event: { type, actor }, idempotencyKey: `b-${type}` }],
        updateId: `b-${type}`,
      });
    }

    const changeId = 9003;
    const workflowId = tariffChangeWorkflowId(s.temporalConfig.workflowIdPrefix, changeId);
    const handle = await s.client.workflow.start<TariffChangeWorkflow>('tariffChangeWorkflow', {
      workflowId,
      taskQueue: s.temporalConfig.taskQueue,
      args: [
        {
          changeId,
          baseVersionNo: base,
          reason: 'rates up',
          effectiveFrom: today(),
          lines: [oceanLine({ price: '2999.00' })] as TariffLineInput[],
          actor: { id: 'sales', role: 'sales' },
          idempotencyKey: 'c-propose',
        },
      ],
    });
    await handle.executeUpdate(tariffChangeStepUpdate, {
      args: [
        {
          event: { type: 'change.approved', actor: { id: 'marketing_manager', role: 'marketing_manager' } },
          idempotencyKey: 'c-mm',
        },
      ],
      updateId: 'c-mm',
    });
    const approve = {
      args: [{ event: { type: 'change.approved', actor: { id: 'gm', role: 'gm' } }, idempotencyKey: 'c-gm' }] as [
        TariffChangeCommand,
      ],
      updateId: 'c-gm',
    };
    const first = await handle.executeUpdate(tariffChangeStepUpdate, approve);
    // The same update id again is answered from history, not applied twice.
    const again = await handle.executeUpdate(tariffChangeStepUpdate, approve);
    expect(again).toEqual(first);
    expect(first.status).toBe('approved');
    const result = await handle.result();
    expect(result.resultVersionNo).toBe(first.resultVersionNo);
    const created = await s.db
      .selectFrom('tariff_versions')
      .selectAll()
      .where('source_change_id', '=', changeId)
      .execute();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ status: 'locked', based_on_version_no: base, approved_by: 'gm' });
    await record('tariff-change-approved', workflowId);
  });
});
