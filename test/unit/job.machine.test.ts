/**
 * The shipment job machine, pure (initialTransition / transition): every contracted-service subset in
 * both directions walked to completion against the guideline's sub-steps written out here independently
 * of the machine's table, with everything else refused at each point; exceptions and their override;
 * and random event sequences (fast-check) that never skip a stage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { ServiceType } from '../../machines/catalog';
import {
  ALL_JOB_STEPS,
  contractedStages,
  exceptionFollowers,
  expectedSteps,
  JOB_STAGES,
  JOB_STATUS_OF,
  jobActions,
  jobMachine,
  judgeJobEvent,
  mayAddExceptionProgress,
  overridesException,
  type Direction,
  type JobEvent,
  type JobStage,
  type PaymentMethod,
} from '../../machines/job.machine';
import { ROLES, type Actor, type Role } from '../../machines/roles';

type Snapshot = ReturnType<typeof initialTransition<typeof jobMachine>>[0];
type StepEvent = Extract<JobEvent, { type: 'job.step' }>;

/** The guideline's stage order (§3.1). */
const ORDER: readonly JobStage[] = ['payment', 'sea_freight', 'customs', 'transport', 'warehousing', 'billing'];
const MANAGERS: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
/** Everyone who works on jobs. */
const JOB_ROLES: readonly Role[] = [
  'sales',
  'finance',
  'ocean',
  'customs',
  'operations',
  'dispatch',
  'warehouse',
  'settlement',
  'sales_manager',
  'marketing_manager',
  'gm',
];

interface PlanStep {
  step: string;
  roles: readonly Role[];
  perContainer: boolean;
}
const job = (step: string, role: Role): PlanStep => ({ step, roles: [role], perContainer: false });
const each = (step: string, role: Role): PlanStep => ({ step, roles: [role], perContainer: true });

/** The sub-steps of a stage and who records them, as the guideline lists them. */
function guideline(
  stage: JobStage,
  direction: Direction,
  payment: PaymentMethod | null,
  inspection: boolean,
): PlanStep[] {
  switch (stage) {
    case 'payment':
      return [
        job('payment.prepayment_received', 'finance'),
        job(payment === 'tt' ? 'payment.tt_remitted' : 'payment.lc_opened', 'finance'),
      ];
    case 'sea_freight':
      return direction === 'import'
        ? [job('sea.booked', 'ocean'), job('sea.loaded', 'ocean')]
        : ['sea.booked', 'sea.goods_ready', 'sea.cut_off', 'sea.loaded', 'sea.departed'].map((s) => job(s, 'ocean'));
    case 'customs':
      return [
        job('customs.declared', 'customs'),
        ...(inspection ? [job('customs.inspected', 'customs')] : []),
        job('customs.released', 'customs'),
      ];
    case 'transport':
      return direction === 'import'
        ? [
            job('transport.documents_printed', 'operations'),
            job('transport.delivery_arranged', 'operations'),
            job('transport.order_dispatched', 'operations'),
            each('transport.truck_assigned', 'dispatch'),
            each('transport.picked_up', 'dispatch'),
            each('transport.arrived', 'operations'),
            each('transport.unloaded', 'operations'),
          ]
        : [job('transport.loading_arranged', 'operations'), job('transport.loaded', 'operations')];
    case 'warehousing':
      return [job('warehouse.received', 'warehouse'), job('warehouse.released', 'warehouse')];
    case 'billing':
      return [job('billing.reconciled', 'settlement'), job('billing.receivables_raised', 'settlement')];
  }
}

/** Who records any step, over every stage, direction and payment method. */
const RECORDER = new Map<string, readonly Role[]>();
for (const stage of ORDER)
  for (const d of ['import', 'export'] as const)
    for (const p of ['lc', 'tt'] as const) for (const x of guideline(stage, d, p, true)) RECORDER.set(x.step, x.roles);
const EVERY_STEP = [...RECORDER.keys()];
const stageRoles = (stage: JobStage, d: Direction, p: PaymentMethod | null) =>
  new Set(guideline(stage, d, p, true).flatMap((x) => x.roles));

const actor = (role: Role, id: string = role): Actor => ({ id, role });
const step = (name: string, role: Role, extra: Partial<StepEvent> = {}): StepEvent => ({
  type: 'job.step',
  step: name,
  actor: actor(role),
  ...extra,
});
const statusOf = (s: Snapshot) => JOB_STATUS_OF[String(s.value)];
const containerKeys = (n: number) => Array.from({ length: n }, (_, i) => `C${i + 1}`);

function start(
  o: { direction?: Direction; payment?: PaymentMethod | null; stages?: JobStage[]; containers?: number } = {},
): Snapshot {
  return initialTransition(jobMachine, {
    jobNo: 'J2099-000001',
    direction: o.direction ?? 'import',
    payment: o.payment === undefined ? 'lc' : o.payment,
    stages: o.stages ?? [...ORDER],
    containers: containerKeys(o.containers ?? 1),
  })[0];
}

/** Sends `e`, which must be accepted and counted. */
function accept(s: Snapshot, e: JobEvent): Snapshot {
  expect(s.can(e), `${JSON.stringify(e)} should be accepted`).toBe(true);
  const [next] = transition(jobMachine, s, e);
  expect(next.context.steps).toBe(s.context.steps + 1);
  return next;
}

/** Sends `e`, which must be refused and change nothing. */
function refuse(s: Snapshot, e: JobEvent): Snapshot {
  expect(s.can(e), `${JSON.stringify(e)} should be refused`).toBe(false);
  const [next] = transition(jobMachine, s, e);
  expect(next.context).toEqual(s.context);
  return next;
}

/** Sends the steps the job waits for, one after another, until it reaches `until` (a stage) or completes. */
function driveTo(s: Snapshot, until: JobStage | 'completed', inspection = false): Snapshot {
  for (let i = 0; i < 200; i++) {
    const due = expectedSteps(s.context);
    if (due.stage === (until === 'completed' ? null : until)) return s;
    const next = due.steps[0]!;
    s = accept(
      s,
      step(next.step, next.roles[0]!, {
        ...(next.container ? { container: next.container } : {}),
        ...(next.step === 'customs.declared' ? { inspectionRequired: inspection } : {}),
      }),
    );
  }
  throw new Error(`never reached ${until}`);
}

/** From the start of the current stage, sends all of its steps but the one that completes it. */
function driveToLastStepOfStage(s: Snapshot, direction: Direction, containers: number): Snapshot {
  const stage = expectedSteps(s.context).stage!;
  const total = guideline(stage, direction, s.context.payment, false).reduce(
    (n, x) => n + (x.perContainer ? containers : 1),
    0,
  );
  for (let i = 0; i < total - 1; i++) {
    const next = expectedSteps(s.context).steps[0]!;
    s = accept(s, step(next.step, next.roles[0]!, next.container ? { container: next.container } : {}));
  }
  expect(expectedSteps(s.context).stage).toBe(stage);
  return s;
}

describe('the guideline written out here is the machine’s own list of steps', () => {
  it('names the same steps and the stages in the same order', () => {
    expect([...EVERY_STEP].sort()).toEqual([...ALL_JOB_STEPS].sort());
    expect(JOB_STAGES).toEqual(ORDER);
  });
});

describe('contracted stages', () => {
  it('follow the contract’s services, in the fixed order, with billing always last', () => {
    expect(contractedStages([])).toEqual(['billing']);
    expect(contractedStages(['warehousing', 'transport', 'customs_declaration', 'ocean_freight', 'tt'])).toEqual(ORDER);
    expect(contractedStages(['booking'])).toEqual(['sea_freight', 'billing']);
    expect(contractedStages(['inspection'])).toEqual(['customs', 'billing']);
    expect(contractedStages(['import_export_agency'])).toEqual(['customs', 'billing']);
    expect(contractedStages(['distribution'])).toEqual(['transport', 'billing']);
    expect(contractedStages(['lc', 'tt', 'booking', 'ocean_freight'])).toEqual(['payment', 'sea_freight', 'billing']);
  });
});

/** The five service groups of a contract, each covering one stage. */
const GROUPS: { stage: JobStage; services: (payment: PaymentMethod) => ServiceType[] }[] = [
  { stage: 'payment', services: (p) => [p] },
  { stage: 'sea_freight', services: (p) => [p === 'lc' ? 'booking' : 'ocean_freight'] },
  { stage: 'customs', services: () => ['customs_declaration'] },
  { stage: 'transport', services: () => ['transport'] },
  { stage: 'warehousing', services: () => ['warehousing'] },
];

interface Case {
  name: string;
  services: ServiceType[];
  stages: JobStage[];
  payment: PaymentMethod | null;
}

/** Every subset of the groups; a subset with L/C or T/T once with each. */
const CASES: Case[] = [];
for (let mask = 0; mask < 1 << GROUPS.length; mask++) {
  const chosen = GROUPS.filter((_, i) => mask & (1 << i));
  const payments: (PaymentMethod | null)[] = mask & 1 ? ['lc', 'tt'] : [null];
  for (const payment of payments) {
    const services = chosen.flatMap((g) => g.services(payment ?? (mask & 2 ? 'tt' : 'lc')));
    const stages = [...ORDER.filter((st) => chosen.some((g) => g.stage === st)), 'billing'] as JobStage[];
    CASES.push({ name: services.join(' + ') || 'no services', services, stages, payment });
  }
}

interface Due {
  step: string;
  roles: readonly Role[];
  container?: string;
}
const key = (d: Due) => `${d.step}|${d.container ?? ''}|${[...d.roles].sort().join(',')}`;

/**
 * Refusals at one point of the walk: every step other than those due (out of order, of an earlier,
 * later or uncontracted stage, of the other direction), each due step from every other role, and
 * per-container steps for a container that is past them, not yet at them, unknown or not named.
 */
function everythingElseRefused(
  s: Snapshot,
  due: Due[],
  containers: string[],
  block: PlanStep[],
  done: Record<string, number>,
): void {
  const accepted: StepEvent[] = [];
  const check = (e: StepEvent) => {
    if (s.can(e)) accepted.push(e);
  };
  const dueNames = new Set(due.map((d) => d.step));
  for (const name of EVERY_STEP) {
    if (dueNames.has(name)) continue;
    for (const role of RECORDER.get(name)!) {
      check(step(name, role));
      check(step(name, role, { container: containers[0]! }));
    }
  }
  for (const d of due) {
    const where = d.container ? { container: d.container } : {};
    for (const role of ROLES) {
      if (d.roles.includes(role)) continue;
      check(step(d.step, role, where));
      if (MANAGERS.includes(role)) check(step(d.step, role, { ...where, override: true }));
    }
    if (d.container) {
      check(step(d.step, d.roles[0]!, { container: 'C9' }));
      check(step(d.step, d.roles[0]!));
    }
  }
  for (const c of containers) {
    block.forEach((b, i) => {
      if (i !== done[c]) check(step(b.step, b.roles[0]!, { container: c }));
    });
  }
  expect(accepted, 'accepted although not due').toEqual([]);
}

describe.each(CASES)('a job under a contract for $name', (c) => {
  it('has the contracted stages in the fixed order, billing last', () => {
    expect(contractedStages(c.services)).toEqual(c.stages);
    expect(c.stages.at(-1)).toBe('billing');
  });

  it.each([
    ['import', 1],
    ['import', 3],
    ['export', 1],
    ['export', 3],
  ] as const)(
    '%s with %i container(s) goes through exactly those stages, taking only the step due from its role',
    (direction, count) => {
      const containers = containerKeys(count);
      const inspection = count === 3;
      let s = start({ direction, payment: c.payment, stages: contractedStages(c.services), containers: count });
      const visited: JobStage[] = [];
      const recorded: string[] = [];
      let turn = 0;
      for (const stage of c.stages) {
        const plan = guideline(stage, direction, c.payment, inspection);
        const block = plan.filter((x) => x.perContainer);
        const jobLevel = plan.filter((x) => !x.perContainer);
        const done: Record<string, number> = Object.fromEntries(containers.map((k) => [k, 0]));
        let next = 0;
        for (;;) {
          const model: Due[] =
            next < jobLevel.length
              ? [{ step: jobLevel[next]!.step, roles: jobLevel[next]!.roles }]
              : containers
                  .filter((k) => done[k]! < block.length)
                  .map((k) => ({ step: block[done[k]!]!.step, roles: block[done[k]!]!.roles, container: k }));
          if (model.length === 0) break;
          const waiting = expectedSteps(s.context);
          expect(statusOf(s)).toBe('in_progress');
          expect(waiting.stage).toBe(stage);
          expect(waiting.steps.map(key).sort()).toEqual(model.map(key).sort());
          everythingElseRefused(
            s,
            model,
            containers,
            block,
            next < jobLevel.length ? Object.fromEntries(containers.map((k) => [k, -1])) : done,
          );

          // Containers take turns unevenly, so some run ahead of others.
          const chosen = waiting.steps[(turn * 2) % waiting.steps.length]!;
          const role = chosen.roles[turn % chosen.roles.length]!;
          turn += 1;
          s = accept(
            s,
            step(chosen.step, role, {
              ...(chosen.container ? { container: chosen.container } : {}),
              ...(chosen.step === 'customs.declared' ? { inspectionRequired: inspection } : {}),
            }),
          );
          if (visited.at(-1) !== stage) visited.push(stage);
          recorded.push(chosen.step);
          if (chosen.container) done[chosen.container]! += 1;
          else next += 1;
        }
      }
      expect(visited).toEqual(c.stages);
      expect(statusOf(s)).toBe('completed');
      expect(expectedSteps(s.context)).toEqual({ stage: null, steps: [] });
      const expectedCount = c.stages.reduce(
        (n, st) =>
          n + guideline(st, direction, c.payment, inspection).reduce((m, x) => m + (x.perContainer ? count : 1), 0),
        0,
      );
      expect(recorded).toHaveLength(expectedCount);
      expect(s.context.steps).toBe(expectedCount);
      for (const name of EVERY_STEP)
        for (const role of ROLES) expect(s.can(step(name, role, { container: 'C1' }))).toBe(false);
    },
  );
});

describe('payment by L/C or T/T', () => {
  it('an L/C job waits for the L/C to be opened, not for a remittance', () => {
    let s = accept(start({ payment: 'lc' }), step('payment.prepayment_received', 'finance'));
    s = refuse(s, step('payment.tt_remitted', 'finance'));
    s = accept(s, step('payment.lc_opened', 'finance'));
    expect(expectedSteps(s.context).stage).toBe('sea_freight');
  });

  it('a T/T job waits for the remittance, not for an L/C', () => {
    let s = accept(start({ payment: 'tt' }), step('payment.prepayment_received', 'finance'));
    s = refuse(s, step('payment.lc_opened', 'finance'));
    s = accept(s, step('payment.tt_remitted', 'finance'));
    expect(expectedSteps(s.context).stage).toBe('sea_freight');
  });

  it('the prepayment comes first either way', () => {
    refuse(start({ payment: 'lc' }), step('payment.lc_opened', 'finance'));
    refuse(start({ payment: 'tt' }), step('payment.tt_remitted', 'finance'));
  });
});

describe('customs inspection', () => {
  const atCustoms = () => driveTo(start(), 'customs');

  it('is skipped when customs declared without an inspection', () => {
    for (const declared of [
      step('customs.declared', 'customs'),
      step('customs.declared', 'customs', { inspectionRequired: false }),
    ]) {
      const s = accept(atCustoms(), declared);
      expect(expectedSteps(s.context).steps.map((x) => x.step)).toEqual(['customs.released']);
      refuse(s, step('customs.inspected', 'customs'));
      expect(expectedSteps(accept(s, step('customs.released', 'customs')).context).stage).toBe('transport');
    }
  });

  it('comes between declaration and release when customs ordered one', () => {
    let s = accept(atCustoms(), step('customs.declared', 'customs', { inspectionRequired: true }));
    expect(expectedSteps(s.context).steps.map((x) => x.step)).toEqual(['customs.inspected']);
    s = refuse(s, step('customs.released', 'customs'));
    s = accept(s, step('customs.inspected', 'customs'));
    s = accept(s, step('customs.released', 'customs'));
    expect(expectedSteps(s.context).stage).toBe('transport');
  });

  it('is decided by the declaration only, not by a flag on another step', () => {
    let s = accept(atCustoms(), step('customs.declared', 'customs'));
    s = accept(s, step('customs.released', 'customs', { inspectionRequired: true }));
    expect(expectedSteps(s.context).stage).toBe('transport');
  });
});

describe('exceptions', () => {
  const raise = (s: Snapshot, role: Role, stage: JobStage, exceptionId: number) =>
    transition(jobMachine, s, { type: 'exception.raised', actor: actor(role), exceptionId, stage })[0];
  const resolveEvent = (role: Role, exceptionId: number): JobEvent => ({
    type: 'exception.resolved',
    actor: actor(role),
    exceptionId,
  });

  it('may be raised in any stage by anyone who works on jobs, and by no one else', () => {
    const s = start();
    for (const stage of ORDER) {
      for (const role of JOB_ROLES) accept(s, { type: 'exception.raised', actor: actor(role), exceptionId: 1, stage });
      for (const role of ['auditor', 'admin'] as const)
        refuse(s, { type: 'exception.raised', actor: actor(role), exceptionId: 1, stage });
    }
  });

  it('may still be raised and resolved once the job is completed', () => {
    let s = driveTo(start(), 'completed');
    s = accept(s, { type: 'exception.raised', actor: actor('settlement'), exceptionId: 7, stage: 'billing' });
    s = accept(s, resolveEvent('settlement', 7));
    expect(statusOf(s)).toBe('completed');
  });

  it.each(['import', 'export'] as const)(
    'in an %s job, are resolved only by their stage’s role or a manager',
    (direction) => {
      for (const stage of ORDER) {
        const s = accept(start({ direction }), {
          type: 'exception.raised',
          actor: actor('sales'),
          exceptionId: 5,
          stage,
        });
        const may = new Set<Role>([...stageRoles(stage, direction, 'lc'), ...MANAGERS]);
        for (const role of ROLES) {
          if (may.has(role)) expect(accept(s, resolveEvent(role, 5)).context.openExceptions).toEqual([]);
          else refuse(s, resolveEvent(role, 5));
        }
      }
    },
  );

  it('an import transport exception is resolved by operations or dispatch; an export one by operations only', () => {
    const imp = raise(start({ direction: 'import' }), 'sales', 'transport', 1);
    const exp = raise(start({ direction: 'export' }), 'sales', 'transport', 1);
    accept(imp, resolveEvent('dispatch', 1));
    accept(imp, resolveEvent('operations', 1));
    refuse(exp, resolveEvent('dispatch', 1));
    accept(exp, resolveEvent('operations', 1));
  });

  it('cannot be resolved twice, nor when it was never raised', () => {
    let s = raise(start(), 'finance', 'payment', 3);
    s = refuse(s, resolveEvent('finance', 4));
    s = accept(s, resolveEvent('finance', 3));
    refuse(s, resolveEvent('finance', 3));
  });

  describe.each([
    ['import', 3],
    ['export', 1],
  ] as const)('in an %s job with %i container(s)', (direction, containers) => {
    it.each(ORDER)(
      'an open %s exception blocks completing that stage, not its other steps, until resolved',
      (stage) => {
        let s = start({ direction, containers });
        s = driveTo(s, stage);
        const stageRole = [...stageRoles(stage, direction, 'lc')][0]!;
        s = accept(s, { type: 'exception.raised', actor: actor('sales'), exceptionId: 1, stage });
        // Every step short of the last one is taken over the open exception.
        s = driveToLastStepOfStage(s, direction, containers);
        const last = expectedSteps(s.context).steps[0]!;
        const where = last.container ? { container: last.container } : {};
        const completing = step(last.step, last.roles[0]!, where);
        expect(overridesException(s.context, completing)).toBe(true);
        s = refuse(s, completing);
        s = refuse(s, { ...completing, override: true });
        s = refuse(s, { ...completing, actor: actor('sales'), override: true });
        // A manager may complete the stage over it, with an override (and only with one).
        for (const m of MANAGERS) {
          expect(s.can({ ...completing, actor: actor(m), override: true })).toBe(true);
          expect(s.can({ ...completing, actor: actor(m) })).toBe(false);
        }
        s = accept(s, resolveEvent(stageRole, 1));
        expect(overridesException(s.context, completing)).toBe(false);
        s = accept(s, completing);
        expect(expectedSteps(s.context).stage).not.toBe(stage);
      },
    );

    it.each(ORDER)('an open exception of another stage does not block completing %s', (stage) => {
      let s = start({ direction, containers });
      s = driveTo(s, stage);
      const others = ORDER.filter((x) => x !== stage);
      others.forEach((other, i) => {
        s = accept(s, { type: 'exception.raised', actor: actor('gm'), exceptionId: 10 + i, stage: other });
      });
      s = driveToLastStepOfStage(s, direction, containers);
      const last = expectedSteps(s.context).steps[0]!;
      const completing = step(last.step, last.roles[0]!, last.container ? { container: last.container } : {});
      expect(overridesException(s.context, completing)).toBe(false);
      s = accept(s, completing);
      expect(expectedSteps(s.context).stage).not.toBe(stage);
      expect(s.context.openExceptions).toHaveLength(others.length);
    });
  });

  it('an exception raised early for a later stage blocks that stage when the job gets there', () => {
    let s = accept(start({ stages: ['payment', 'customs', 'billing'] }), {
      type: 'exception.raised',
      actor: actor('sales'),
      exceptionId: 9,
      stage: 'customs',
    });
    s = driveTo(s, 'customs');
    s = accept(s, step('customs.declared', 'customs'));
    s = refuse(s, step('customs.released', 'customs'));
    s = accept(s, resolveEvent('customs', 9));
    s = accept(s, step('customs.released', 'customs'));
    expect(expectedSteps(s.context).stage).toBe('billing');
  });

  it('a per-container stage is blocked only at the very last container step', () => {
    let s = driveTo(start({ containers: 2 }), 'transport');
    s = accept(s, { type: 'exception.raised', actor: actor('dispatch'), exceptionId: 2, stage: 'transport' });
    for (const st of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.order_dispatched'])
      s = accept(s, step(st, 'operations'));
    for (const [st, role] of [
      ['transport.truck_assigned', 'dispatch'],
      ['transport.picked_up', 'dispatch'],
      ['transport.arrived', 'operations'],
      ['transport.unloaded', 'operations'],
    ] as const) {
      s = accept(s, step(st, role, { container: 'C2' }));
    }
    for (const [st, role] of [
      ['transport.truck_assigned', 'dispatch'],
      ['transport.picked_up', 'dispatch'],
      ['transport.arrived', 'operations'],
    ] as const) {
      expect(overridesException(s.context, step(st, role, { container: 'C1' }))).toBe(false);
      s = accept(s, step(st, role, { container: 'C1' }));
    }
    s = refuse(s, step('transport.unloaded', 'operations', { container: 'C1' }));
    s = accept(s, resolveEvent('dispatch', 2));
    s = accept(s, step('transport.unloaded', 'operations', { container: 'C1' }));
    expect(expectedSteps(s.context).stage).toBe('warehousing');
  });

  it('overridesException is false when no exception is open and for a step that does not complete the stage', () => {
    const s = start();
    expect(overridesException(s.context, step('payment.prepayment_received', 'finance'))).toBe(false);
    const blocked = accept(s, { type: 'exception.raised', actor: actor('finance'), exceptionId: 1, stage: 'payment' });
    expect(overridesException(blocked.context, step('payment.prepayment_received', 'finance'))).toBe(false);
    expect(
      overridesException(
        accept(blocked, step('payment.prepayment_received', 'finance')).context,
        step('payment.lc_opened', 'gm', { override: true }),
      ),
    ).toBe(true);
  });
});

describe('random event sequences (fast-check)', () => {
  type Command =
    | { kind: 'due'; pick: number; roleIdx: number; inspection: boolean }
    | { kind: 'step'; step: string; role: Role; container: string | undefined; override: boolean; inspection: boolean }
    | { kind: 'raise'; role: Role; stage: JobStage }
    | { kind: 'resolve'; pick: number; role: Role | null };

  const role = fc.constantFrom(...ROLES);
  const command: fc.Arbitrary<Command> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('due' as const),
        pick: fc.nat(10),
        roleIdx: fc.nat(3),
        inspection: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('step' as const),
        step: fc.constantFrom(...EVERY_STEP),
        role: fc.oneof(role, fc.constantFrom(...MANAGERS)),
        container: fc.constantFrom(undefined, 'C1', 'C2', 'C3', 'C9'),
        override: fc.boolean(),
        inspection: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('raise' as const), role, stage: fc.constantFrom(...ORDER) }),
    },
    // A resolver of null is someone of the exception's own stage.
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(6), role: fc.option(role) }),
    },
  );
  const setupArb = fc.record({
    direction: fc.constantFrom<Direction>('import', 'export'),
    payment: fc.constantFrom<PaymentMethod>('lc', 'tt'),
    groups: fc.subarray(['payment', 'sea_freight', 'customs', 'transport', 'warehousing'] as JobStage[]),
    containers: fc.integer({ min: 1, max: 3 }),
  });

  const ensure = (ok: boolean, what: string) => {
    if (!ok) throw new Error(what);
  };

  it('never skip a stage or a step, never complete a stage over its open exception without an override, and count accepted events', () => {
    fc.assert(
      fc.property(setupArb, fc.array(command, { minLength: 10, maxLength: 200, size: 'max' }), (setup, commands) => {
        const stages = [...ORDER.filter((st) => setup.groups.includes(st)), 'billing'] as JobStage[];
        const payment = stages.includes('payment') ? setup.payment : null;
        let s = start({ direction: setup.direction, payment, stages, containers: setup.containers });
        let accepted = 0;
        let nextId = 1;
        const open = new Map<number, JobStage>();
        const stepsInStage = new Map<JobStage, number>();
        let inspection = false;
        const position = (x: Snapshot) => {
          const st = expectedSteps(x.context).stage;
          return st === null ? stages.length : stages.indexOf(st);
        };

        for (const c of commands) {
          const waiting = expectedSteps(s.context);
          let e: JobEvent;
          if (c.kind === 'due') {
            if (waiting.steps.length === 0) continue;
            const d = waiting.steps[c.pick % waiting.steps.length]!;
            e = step(d.step, d.roles[c.roleIdx % d.roles.length]!, {
              ...(d.container ? { container: d.container } : {}),
              inspectionRequired: c.inspection,
            });
          } else if (c.kind === 'step') {
            e = step(c.step, c.role, {
              ...(c.container ? { container: c.container } : {}),
              override: c.override,
              inspectionRequired: c.inspection,
            });
          } else if (c.kind === 'raise') {
            e = { type: 'exception.raised', actor: actor(c.role), exceptionId: nextId++, stage: c.stage };
          } else {
            const ids = [...open.keys()];
            const id = c.pick < ids.length ? ids[c.pick]! : 1000 + c.pick;
            e = {
              type: 'exception.resolved',
              actor: actor(c.role ?? [...stageRoles(open.get(id) ?? 'billing', setup.direction, payment)][0]!),
              exceptionId: id,
            };
          }

          const before = s;
          const can = before.can(e);
          const [after] = transition(jobMachine, before, e);
          s = after;
          const what = JSON.stringify(e);
          if (!can) {
            ensure(after === before, `refused yet changed the job: ${what}`);
            continue;
          }
          accepted += 1;
          ensure(after.context.steps === accepted, `steps ${after.context.steps} after ${accepted} accepted events`);

          const from = position(before);
          const to = position(after);
          if (e.type === 'job.step') {
            const stage = stages[from]!;
            const byItsRole = waiting.steps.some(
              (d) =>
                d.step === e.step &&
                d.roles.includes(e.actor.role) &&
                (d.container === undefined || d.container === e.container),
            );
            const managerOverride =
              e.override === true && MANAGERS.includes(e.actor.role) && overridesException(before.context, e);
            ensure(byItsRole || managerOverride, `accepted a step not due: ${what}`);
            if (e.step === 'customs.declared') inspection = e.inspectionRequired === true;
            stepsInStage.set(stage, (stepsInStage.get(stage) ?? 0) + 1);
            ensure(to - from <= 1, `skipped a stage: ${what}`);
            if (to === from + 1) {
              // Stage completed: every one of its steps was taken, and none of its exceptions was open unless a manager overrode.
              const plan = guideline(stage, setup.direction, payment, inspection);
              ensure(
                stepsInStage.get(stage) === plan.reduce((n, x) => n + (x.perContainer ? setup.containers : 1), 0),
                `${stage} completed with a step missing`,
              );
              const blocked = [...open.values()].includes(stage);
              ensure(overridesException(before.context, e) === blocked, `overridesException wrong for ${what}`);
              ensure(
                !blocked || (e.override === true && MANAGERS.includes(e.actor.role)),
                `${stage} completed over its open exception without a manager's override: ${what}`,
              );
            }
          } else {
            ensure(to === from, `an exception moved the job: ${what}`);
            if (e.type === 'exception.raised') {
              ensure(JOB_ROLES.includes(e.actor.role), `raised by ${e.actor.role}`);
              open.set(e.exceptionId, e.stage);
            } else {
              const stage = open.get(e.exceptionId);
              ensure(
                stage !== undefined &&
                  (stageRoles(stage, setup.direction, payment).has(e.actor.role) || MANAGERS.includes(e.actor.role)),
                `resolved by ${e.actor.role}: ${what}`,
              );
              open.delete(e.exceptionId);
            }
          }
          ensure(
            JSON.stringify(after.context.openExceptions.map((x) => x.id).sort((a, b) => a - b)) ===
              JSON.stringify([...open.keys()].sort((a, b) => a - b)),
            `open exceptions ${JSON.stringify(after.context.openExceptions)}`,
          );
          ensure(
            (statusOf(after) === 'completed') === (to === stages.length),
            `status ${statusOf(after)} at stage ${to}`,
          );
        }
        expect(s.context.steps).toBe(accepted);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the one rule: reason codes', () => {
  const judge = (s: Snapshot, e: JobEvent) => judgeJobEvent(s.context, e);

  it('a per-container step every container has done is not offered again as "not yet" (try-out s13, 派車 C1)', () => {
    let s = start({ containers: 1 });
    s = driveTo(s, 'transport');
    for (const st of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.order_dispatched'])
      s = accept(s, step(st, 'operations'));
    s = accept(s, step('transport.truck_assigned', 'dispatch', { container: 'C1' }));
    s = accept(s, step('transport.picked_up', 'dispatch', { container: 'C1' }));
    // The job waits for operations (到廠 C1); dispatch has nothing left in this job: no step at all, not a done one.
    const steps = jobActions(s.context, ['dispatch']).filter((a) => a.kind === 'step');
    expect(steps).toEqual([]);
    // With a second container not yet picked up, dispatch's own due steps are offered, and C1's done ones are not.
    let two = start({ containers: 2 });
    two = driveTo(two, 'transport');
    for (const st of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.order_dispatched'])
      two = accept(two, step(st, 'operations'));
    for (const st of ['transport.truck_assigned', 'transport.picked_up'])
      two = accept(two, step(st, 'dispatch', { container: 'C1' }));
    // C1 waits for operations (到廠); dispatch's one due step is C2's 派車.
    const dispatch = jobActions(two.context, ['dispatch']).filter((a) => a.kind === 'step');
    expect(dispatch.map((a) => [a.kind === 'step' && a.step, a.kind === 'step' && a.container, a.allowed])).toEqual([
      ['transport.truck_assigned', 'C2', true],
    ]);
  });

  it('names why: role first, then the completed job, the order, the container, the open exception', () => {
    let s = start({ containers: 2 });
    expect(judge(s, step('payment.prepayment_received', 'auditor'))).toMatchObject({
      kind: 'forbidden',
      reason: 'read_only',
    });
    expect(judge(s, step('payment.prepayment_received', 'ocean'))).toMatchObject({
      kind: 'forbidden',
      reason: 'role_not_allowed',
    });
    // A role that may never record the step learns nothing of the job's state, even for a step far ahead.
    expect(judge(s, step('billing.reconciled', 'ocean'))).toMatchObject({
      kind: 'forbidden',
      reason: 'role_not_allowed',
    });
    expect(judge(s, step('sea.booked', 'ocean'))).toMatchObject({ kind: 'conflict', reason: 'out_of_order' });
    expect(judge(s, step('sea.booked', 'ocean'))!.message).toMatch(/預付款到帳.*'Prepayment received'/);
    // A manager's override is not a way to record someone else's step.
    expect(judge(s, step('payment.prepayment_received', 'gm', { override: true }))).toMatchObject({
      kind: 'forbidden',
      reason: 'role_not_allowed',
    });
    expect(judge(s, step('payment.prepayment_received', 'gm'))).toMatchObject({
      kind: 'forbidden',
      reason: 'role_not_allowed',
    });
    s = accept(s, step('payment.prepayment_received', 'finance'));
    s = accept(s, { type: 'exception.raised', actor: actor('finance'), exceptionId: 1, stage: 'payment' });
    expect(judge(s, step('payment.lc_opened', 'finance'))).toMatchObject({
      kind: 'conflict',
      reason: 'open_exception',
    });
    expect(judge(s, step('payment.lc_opened', 'gm', { override: true }))).toBeNull();
    s = accept(s, step('payment.lc_opened', 'gm', { override: true }));
    s = driveTo(s, 'transport');
    for (const st of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.order_dispatched'])
      s = accept(s, step(st, 'operations'));
    expect(judge(s, step('transport.truck_assigned', 'dispatch'))).toMatchObject({
      kind: 'unprocessable',
      reason: 'out_of_order',
    });
    expect(judge(s, step('transport.truck_assigned', 'dispatch', { container: 'C9' }))).toMatchObject({
      kind: 'unprocessable',
      reason: 'out_of_order',
    });
    s = accept(s, step('transport.truck_assigned', 'dispatch', { container: 'C1' }));
    expect(judge(s, step('transport.truck_assigned', 'dispatch', { container: 'C1' }))).toMatchObject({
      kind: 'conflict',
      reason: 'out_of_order',
    });
    s = driveTo(s, 'completed');
    expect(judge(s, step('billing.reconciled', 'settlement'))).toMatchObject({
      kind: 'conflict',
      reason: 'wrong_state',
    });
  });

  it('exceptions: raised by job roles in the job’s stages; followed up and resolved by the stage’s roles and managers', () => {
    let s = start({ stages: ['payment', 'customs', 'billing'] });
    expect(
      judge(s, { type: 'exception.raised', actor: actor('auditor'), exceptionId: 1, stage: 'customs' }),
    ).toMatchObject({ reason: 'read_only' });
    expect(
      judge(s, { type: 'exception.raised', actor: actor('admin'), exceptionId: 1, stage: 'customs' }),
    ).toMatchObject({ kind: 'forbidden', reason: 'role_not_allowed' });
    expect(
      judge(s, { type: 'exception.raised', actor: actor('sales'), exceptionId: 1, stage: 'transport' }),
    ).toMatchObject({ kind: 'unprocessable', reason: 'wrong_state' });
    s = accept(s, { type: 'exception.raised', actor: actor('sales'), exceptionId: 1, stage: 'customs' });
    expect(judge(s, { type: 'exception.resolved', actor: actor('ocean'), exceptionId: 1 })).toMatchObject({
      kind: 'forbidden',
      reason: 'role_not_allowed',
    });
    expect(judge(s, { type: 'exception.resolved', actor: actor('customs'), exceptionId: 2 })).toMatchObject({
      kind: 'conflict',
      reason: 'wrong_state',
    });
    expect(exceptionFollowers(s.context, 'customs').sort()).toEqual([
      'customs',
      'gm',
      'marketing_manager',
      'sales_manager',
    ]);
    expect(judge(s, { type: 'exception.resolved', actor: actor('sales_manager'), exceptionId: 1 })).toBeNull();
  });
});

describe('actions: what a user may do now, from the rule that refuses', () => {
  const roleSets = fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 2 });
  const walk = fc.array(
    fc.record({
      kind: fc.constantFrom('due', 'due', 'due', 'raise', 'resolve'),
      pick: fc.nat(10),
      role: fc.constantFrom(...ROLES),
      stage: fc.constantFrom(...ORDER),
      inspection: fc.boolean(),
    }),
    { maxLength: 60 },
  );
  const setupArb = fc.record({
    direction: fc.constantFrom<Direction>('import', 'export'),
    payment: fc.constantFrom<PaymentMethod>('lc', 'tt'),
    groups: fc.subarray(['payment', 'sea_freight', 'customs', 'transport', 'warehousing'] as JobStage[]),
    containers: fc.integer({ min: 1, max: 3 }),
  });

  it('a progress note on an exception: its stage’s roles, managers, the operations clerk and its raiser; no one else', () => {
    const c = { direction: 'import' as const, payment: null };
    const x = { stage: 'customs' as const, raisedBy: 'finance1' };
    const may = (id: string, role: Parameters<typeof mayAddExceptionProgress>[2]['role']) =>
      mayAddExceptionProgress(c, x, { id, role });
    expect([may('c1', 'customs'), may('o1', 'operations'), may('g1', 'gm'), may('finance1', 'finance')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([may('f2', 'finance'), may('d1', 'dispatch'), may('finance1', 'auditor')]).toEqual([false, false, false]);
  });

  it('for random job states and actors, a listed allowed step is accepted, a listed refused one is refused with its reason, and every step not listed as allowed is refused', () => {
    fc.assert(
      fc.property(setupArb, walk, roleSets, (setup, commands, roles) => {
        const stages = [...ORDER.filter((st) => setup.groups.includes(st)), 'billing'] as JobStage[];
        let s = start({
          direction: setup.direction,
          payment: stages.includes('payment') ? setup.payment : null,
          stages,
          containers: setup.containers,
        });
        let nextId = 1;
        for (const c of commands) {
          const due = expectedSteps(s.context).steps;
          let e: JobEvent | undefined;
          if (c.kind === 'due' && due.length) {
            const d = due[c.pick % due.length]!;
            e = step(d.step, d.roles[0]!, {
              ...(d.container ? { container: d.container } : {}),
              inspectionRequired: c.inspection,
            });
          } else if (c.kind === 'raise')
            e = { type: 'exception.raised', actor: actor(c.role), exceptionId: nextId++, stage: c.stage };
          else if (c.kind === 'resolve' && s.context.openExceptions.length)
            e = {
              type: 'exception.resolved',
              actor: actor(c.role),
              exceptionId: s.context.openExceptions[c.pick % s.context.openExceptions.length]!.id,
            };
          if (e) s = transition(jobMachine, s, e)[0];
        }

        const actions = jobActions(s.context, roles, 'u1');
        const actorsOf = roles.map((r) => actor(r, 'u1'));
        for (const a of actions) {
          // A progress note is no event of the machine: its one rule is mayAddExceptionProgress (the route's too).
          if (a.kind === 'progress') {
            const x = s.context.openExceptions.find((o) => o.id === a.exceptionId)!;
            expect(a.allowed, JSON.stringify(a)).toBe(
              actorsOf.some((who) => mayAddExceptionProgress(s.context, { stage: x.stage }, who)),
            );
            if (!a.allowed) expect(a.reason).toBe('role_not_allowed');
            continue;
          }
          // The event an API client sends for this action, from any of the user's acting roles.
          const events: JobEvent[] = actorsOf.map((who) =>
            a.kind === 'step'
              ? step(a.step, who.role, {
                  ...(a.container ? { container: a.container } : {}),
                  ...(a.override ? { override: true } : {}),
                })
              : a.kind === 'raise'
                ? {
                    type: 'exception.raised',
                    actor: who,
                    exceptionId: 10_000,
                    stage: expectedSteps(s.context).stage ?? 'billing',
                  }
                : { type: 'exception.resolved', actor: who, exceptionId: a.exceptionId },
          );
          if (a.allowed)
            expect(
              events.some((x) => s.can(x)),
              JSON.stringify(a),
            ).toBe(true);
          else {
            expect(
              events.every((x) => !s.can(x)),
              JSON.stringify(a),
            ).toBe(true);
            expect(events.map((x) => judgeJobEvent(s.context, x)?.reason)).toContain(a.reason);
          }
        }

        const allowedStep = (name: string, container: string | undefined, override: boolean) =>
          actions.some(
            (a) =>
              a.kind === 'step' &&
              a.allowed &&
              a.step === name &&
              a.container === container &&
              (override || !a.override),
          );
        for (const name of ALL_JOB_STEPS) {
          for (const container of [undefined, ...s.context.containers, 'C9']) {
            for (const override of [false, true]) {
              if (allowedStep(name, container, override)) continue;
              for (const who of actorsOf)
                expect(
                  s.can(step(name, who.role, { ...(container ? { container } : {}), override })),
                  `${who.role} ${name} ${container} ${override}`,
                ).toBe(false);
            }
          }
        }
        const mayRaise = actions.some((a) => a.kind === 'raise' && a.allowed);
        for (const who of actorsOf)
          for (const stage of ORDER)
            if (!mayRaise || !stages.includes(stage))
              expect(s.can({ type: 'exception.raised', actor: who, exceptionId: 10_000, stage })).toBe(false);
        for (const id of [...s.context.openExceptions.map((x) => x.id), 99_999]) {
          const listed = actions.some((a) => a.kind === 'resolve' && a.exceptionId === id && a.allowed);
          if (!listed)
            for (const who of actorsOf)
              expect(s.can({ type: 'exception.resolved', actor: who, exceptionId: id })).toBe(false);
        }
        // Read-only roles are offered nothing.
        if (roles.every((r) => r === 'auditor')) expect(actions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
