/**
 * A refused step names the step and the record's status by their labels, zh-Hant and English — never by
 * their keys (a stale tab read `'budget.returned' is not possible while the record is contract_drafting`,
 * issue 11 try-out). Checked for every machine's every public status against every step its table lists
 * that the status does not offer (the 409 a stale tab gets), and for the job's refusals.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import { refusalNames, stateLabel, eventLabel } from '../../domain/labels';
import { QUOTE_STEPS } from '../../domain/quote';
import { COLLECTION_STEPS, collectionMachine } from '../../machines/collection.machine';
import { CUSTOMER_STATUS_STEPS, customerMachine } from '../../machines/customer.machine';
import { judgeJobEvent, type JobContext } from '../../machines/job.machine';
import { refusalOf, transitionsFor, type StepSpec } from '../../machines/permission';
import { PLAN_STEPS, planMachine } from '../../machines/plan.machine';
import { PROSPECT_STEPS, prospectMachine } from '../../machines/prospect.machine';
import { quoteMachine } from '../../machines/quote.machine';
import { TARIFF_CHANGE_STEPS, tariffChangeMachine } from '../../machines/tariff-change.machine';
import { TARIFF_STEPS, tariffMachine } from '../../machines/tariff.machine';

const MACHINES: [string, AnyStateMachine, readonly Pick<StepSpec, 'event'>[]][] = [
  ['quote', quoteMachine, QUOTE_STEPS],
  ['tariff', tariffMachine, TARIFF_STEPS],
  ['tariff_change', tariffChangeMachine, TARIFF_CHANGE_STEPS],
  ['collection_case', collectionMachine, COLLECTION_STEPS],
  ['plan', planMachine, PLAN_STEPS],
  ['prospect', prospectMachine, PROSPECT_STEPS],
  ['customer', customerMachine, CUSTOMER_STATUS_STEPS],
];

/** Every state node naming a public status in its meta, with the state value that reaches it. */
function statusNodes(machine: AnyStateMachine): { status: string; value: StateValue }[] {
  const out: { status: string; value: StateValue }[] = [];
  const visit = (node: AnyStateNode) => {
    const status = (node.meta as { status?: string } | undefined)?.status;
    if (status && node.path.length > 0) {
      const value = node.path
        .slice(0, -1)
        .reduceRight<StateValue>((inner, key) => ({ [key]: inner }), node.path.at(-1)!);
      // A compound state: enter its initial child.
      const initial = node.initial?.target?.[0];
      out.push({
        status,
        value: initial
          ? initial.path.slice(0, -1).reduceRight<StateValue>((inner, key) => ({ [key]: inner }), initial.path.at(-1)!)
          : value,
      });
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return out;
}

const RAW = /'[a-z_]+\.[a-z_]+'|\b[a-z]+_[a-z_]+\b/;

describe('refused steps name step and status by their labels', () => {
  for (const [recordType, machine, steps] of MACHINES) {
    it(`${recordType}: a step its status does not offer is a 409 naming both in zh-Hant and English`, () => {
      const nodes = statusNodes(machine);
      expect(nodes.length).toBeGreaterThan(1);
      let checked = 0;
      for (const { status, value } of nodes) {
        const snapshot = machine.resolveState({ value, context: {} as never });
        for (const { event } of steps) {
          if (transitionsFor(snapshot, event).length > 0) continue;
          const refused = refusalOf(
            snapshot,
            { type: event, actor: { id: 'u1', role: 'gm' } },
            status,
            refusalNames(recordType),
          );
          expect(refused).toMatchObject({ kind: 'conflict', reason: 'wrong_state' });
          const step = eventLabel(event);
          const label = stateLabel(recordType, status)!;
          // The labels exist (not the key standing in for one) and the message carries both languages of both.
          expect(step.zh, event).not.toBe(event);
          expect(label.zh, status).not.toBe(status);
          for (const text of [step.zh, step.en, label.zh, label.en]) expect(refused!.message).toContain(text);
          expect(refused!.message, refused!.message).not.toMatch(RAW);
          expect(refused!.details).toMatchObject({ status, statusLabel: label, step: event, stepLabel: step });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('the quote case of the try-out: returning the budget while the contract is being drafted', () => {
    const snapshot = quoteMachine.resolveState({
      value: statusNodes(quoteMachine).find((n) => n.status === 'contract_drafting')!.value,
      context: {} as never,
    });
    const refused = refusalOf(
      snapshot,
      { type: 'budget.returned', actor: { id: 'g1', role: 'gm' }, comment: 'x' },
      'contract_drafting',
      refusalNames('quote'),
    );
    expect(refused?.message).toBe(
      "「退回成本預算」不能在「合同編輯」狀態下辦理 'Return cost budget' is not possible while the record is 'Contract drafting'",
    );
  });

  it('a job names its steps, stages and roles by their labels', () => {
    const c = {
      jobNo: 'J1',
      direction: 'export' as const,
      payment: null,
      stages: ['sea_freight' as const, 'customs' as const],
      stageIndex: 0,
      stepIndex: 0,
      containers: [],
      containerProgress: {},
      inspectionRequired: false,
      openExceptions: [],
      steps: 0,
    } satisfies JobContext;
    const early = judgeJobEvent(c, { type: 'job.step', step: 'sea.loaded', actor: { id: 'o1', role: 'ocean' } });
    expect(early?.reason).toBe('out_of_order');
    expect(early?.message).toContain('訂艙');
    expect(early?.message).toContain("'Booked'");
    expect(early?.message).toContain('裝船');
    expect(early?.message, early?.message).not.toMatch(RAW);
    const byRole = judgeJobEvent(c, { type: 'job.step', step: 'sea.booked', actor: { id: 's1', role: 'sales' } });
    expect(byRole?.message).toMatch(/海運.*業務員.*'Booked' is done by Ocean, not by 'Salesperson'/);
    const done = judgeJobEvent(
      { ...c, stageIndex: 2 },
      {
        type: 'job.step',
        step: 'customs.declared',
        actor: { id: 'c1', role: 'customs' },
      },
    );
    expect(done?.message).toBe(
      "「報關」不能在「已完成」狀態下辦理 'Declared' is not possible while the record is 'Completed'",
    );
  });
});
