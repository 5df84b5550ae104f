import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { actionsOf, refusalOf } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import {
  PROSPECT_STAGES,
  PROSPECT_STEPS,
  prospectSnapshot,
  type ProspectEvent,
  type ProspectStage,
} from '../../machines/prospect.machine';
import { SYSTEM_ACTOR, type Actor } from '../../machines/roles';

const owner: Actor = { id: 's1', role: 'sales' };
const otherSales: Actor = { id: 's2', role: 'sales' };
const manager: Actor = { id: 'm1', role: 'sales_manager' };
const auditor: Actor = { id: 'a1', role: 'auditor' };

const snap = (stage: ProspectStage, assessed = false) => prospectSnapshot(stage, 's1', assessed);
const after = (stage: ProspectStage, e: ProspectEvent, assessed = false) => {
  const s = snap(stage, assessed);
  expect(refusalOf(s, e, stage, refusalNames('prospect'))).toBeUndefined();
  const [next] = transition(s.machine, s, e);
  return { stage: next.value, assessed: next.context.assessed };
};
const refused = (stage: ProspectStage, e: ProspectEvent, assessed = false) =>
  refusalOf(snap(stage, assessed), e, stage, refusalNames('prospect'));

describe('prospect machine', () => {
  it('the owner moves a lead through contacted and appointment to negotiating once assessed', () => {
    expect(after('lead', { type: 'prospect.contacted', actor: owner }).stage).toBe('contacted');
    expect(after('contacted', { type: 'prospect.appointment_made', actor: owner }).stage).toBe('appointment');
    expect(after('appointment', { type: 'prospect.assessed', actor: owner })).toEqual({
      stage: 'appointment',
      assessed: true,
    });
    expect(after('appointment', { type: 'prospect.negotiating', actor: owner }, true).stage).toBe('negotiating');
  });

  it('negotiating needs the risk assessment first (422 risk_assessment_required)', () => {
    expect(refused('appointment', { type: 'prospect.negotiating', actor: owner })).toMatchObject({
      kind: 'unprocessable',
      reason: 'risk_assessment_required',
    });
  });

  it('stages are not skipped: each step only from its stage (409 wrong_state)', () => {
    expect(refused('lead', { type: 'prospect.negotiating', actor: owner }, true)).toMatchObject({
      kind: 'conflict',
      reason: 'wrong_state',
    });
    expect(refused('lead', { type: 'prospect.appointment_made', actor: owner })).toMatchObject({
      reason: 'wrong_state',
    });
    expect(refused('negotiating', { type: 'prospect.contacted', actor: owner })).toMatchObject({
      reason: 'wrong_state',
    });
    expect(refused('lead', { type: 'prospect.reopened', actor: owner })).toMatchObject({ reason: 'wrong_state' });
  });

  it('lost from any open stage with a reason; reopened to contacted; assessment recorded in open stages only', () => {
    for (const stage of ['lead', 'contacted', 'appointment', 'negotiating'] as const) {
      expect(after(stage, { type: 'prospect.lost', actor: owner, comment: '價格 price' }).stage).toBe('lost');
      expect(refused(stage, { type: 'prospect.lost', actor: owner, comment: ' ' })).toMatchObject({
        reason: 'comment_required',
      });
      expect(after(stage, { type: 'prospect.assessed', actor: owner }).assessed).toBe(true);
    }
    expect(after('lost', { type: 'prospect.reopened', actor: owner }).stage).toBe('contacted');
    expect(refused('lost', { type: 'prospect.assessed', actor: owner })).toMatchObject({ reason: 'wrong_state' });
  });

  it('signed is set by the system only (the contract signature), from every stage but signed; it is final', () => {
    for (const stage of ['lead', 'contacted', 'appointment', 'negotiating', 'lost'] as const) {
      expect(after(stage, { type: 'prospect.signed', actor: SYSTEM_ACTOR }).stage).toBe('signed');
      expect(refused(stage, { type: 'prospect.signed', actor: owner })).toMatchObject({ reason: 'role_not_allowed' });
    }
    expect(snap('signed').status).toBe('done');
    expect(refused('signed', { type: 'prospect.lost', actor: owner, comment: 'x' })).toMatchObject({
      reason: 'wrong_state',
    });
  });

  it('only the owner salesperson acts: another salesperson is not the owner, managers and auditors may not', () => {
    expect(refused('lead', { type: 'prospect.contacted', actor: otherSales })).toMatchObject({ reason: 'not_owner' });
    expect(refused('lead', { type: 'prospect.contacted', actor: manager })).toMatchObject({
      reason: 'role_not_allowed',
    });
    expect(refused('lead', { type: 'prospect.assessed', actor: auditor })).toMatchObject({ reason: 'read_only' });
  });

  it('actions: the owner’s steps of each stage, the negotiation refused until assessed, none when signed', () => {
    const actions = (stage: ProspectStage, actor: Actor, assessed = false) =>
      actionsOf(snap(stage, assessed), PROSPECT_STEPS, {
        basePath: '/prospects/1',
        status: stage,
        actorFor: (roles) => (roles.includes(actor.role) ? actor : undefined),
      }).map((a) => `${a.step}:${a.allowed ? 'yes' : a.reason}${a.commentRequired ? ':comment' : ''}`);
    expect(actions('lead', owner)).toEqual(['contact:yes', 'risk-assessment:yes', 'lose:yes:comment']);
    expect(actions('appointment', owner)).toEqual([
      'negotiate:risk_assessment_required',
      'risk-assessment:yes',
      'lose:yes:comment',
    ]);
    expect(actions('appointment', owner, true)[0]).toBe('negotiate:yes');
    expect(actions('lost', owner)).toEqual(['reopen:yes']);
    expect(actions('lead', otherSales)).toEqual([
      'contact:not_owner',
      'risk-assessment:not_owner',
      'lose:not_owner:comment',
    ]);
    expect(actions('lead', manager)).toEqual([]);
    for (const stage of PROSPECT_STAGES) expect(actions('signed', owner), stage).toEqual([]);
  });
});
