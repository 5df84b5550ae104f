/**
 * Every key a person can meet in a history — audit actions of every process, states of every record
 * type, roles — has a zh-Hant and an English label (domain/labels.ts), so no screen shows a raw key;
 * durations read as days and hours (lib/durations.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIARY_DAY_STATUSES } from '../../domain/rhythm';
import { EVENT_LABELS, eventLabel, roleLabel, STATE_LABELS, stateLabel } from '../../domain/labels';
import { QUOTE_STATUSES, QUOTE_STEPS } from '../../domain/quote';
import { durationLabel, formatDuration } from '../../lib/durations';
import { CUSTOMER_STATUSES } from '../../machines/customer.machine';
import { ALL_JOB_STEPS, JOB_STAGES } from '../../machines/job.machine';
import { PLAN_STATUSES, PLAN_STEPS } from '../../machines/plan.machine';
import { PROSPECT_STAGES, PROSPECT_STEPS } from '../../machines/prospect.machine';
import { ROLES } from '../../machines/roles';
import { VISIT_STATUSES } from '../../domain/visit';
import { TARIFF_CHANGE_STEPS } from '../../machines/tariff-change.machine';
import { TARIFF_STEPS } from '../../machines/tariff.machine';

const named = (l: { zh: string; en: string }, key: string) => {
  expect(l.zh, key).not.toBe(key);
  expect(l.en, key).not.toBe(key);
  expect(l.zh, key).toMatch(/\p{Script=Han}/u);
  expect(l.en, key).toMatch(/^[A-Z0-9]/);
};

describe('labels of history events and states', () => {
  it('every event a process records has both labels', () => {
    const events = [
      ...QUOTE_STEPS.map((s) => s.event),
      ...TARIFF_STEPS.map((s) => s.event),
      ...TARIFF_CHANGE_STEPS.map((s) => s.event),
      ...ALL_JOB_STEPS,
      'quote.drafted',
      'quote.expired',
      'step.overdue',
      'approval.kept',
      'tariff.drafted',
      'tariff.locked_from_change',
      'change.proposed',
      'job.created',
      'exception.raised',
      'exception.progress',
      'exception.resolved',
      'customer.created',
      'customer.updated',
      'customer.formalized',
      'customer.suspended',
      'customer.reinstated',
      'customer.terminated',
      'receipt.entered',
      'receivable.credit_note',
      'user.created',
      'delegation.created',
      'contract_template.published',
      ...PLAN_STEPS.map((s) => s.event),
      'plan.drafted',
      'plan.updated',
      'visit.planned',
      'visit.appointment_confirmed',
      'visit.recorded',
      'visit.cancelled',
      'visit.follow_up_done',
      'visit_plan.submitted',
      'diary.submitted',
      'diary.commented',
      ...PROSPECT_STEPS.map((s) => s.event),
      'prospect.created',
      'prospect.signed',
    ];
    for (const e of events) named(eventLabel(e), e);
    expect(eventLabel('review.returned')).toEqual({ zh: '商務退回', en: 'Return' });
    expect(eventLabel('customs.released')).toEqual({ zh: '放行', en: 'Released' });
    expect(Object.keys(EVENT_LABELS).length).toBeGreaterThan(60);
    expect(eventLabel('no.such_event')).toEqual({ zh: 'no.such_event', en: 'no.such_event' });
  });

  it('every state of every record type has both labels', () => {
    const states: [string, readonly string[]][] = [
      ['quote', QUOTE_STATUSES],
      ['tariff', ['draft', 'pending_gm', 'locked', 'discarded']],
      ['tariff_change', ['pending_marketing_manager', 'pending_gm', 'approved', 'rejected', 'withdrawn']],
      ['customer', CUSTOMER_STATUSES],
      ['plan', PLAN_STATUSES],
      ['prospect', PROSPECT_STAGES],
      ['job', [...JOB_STAGES, 'completed']],
      ['visit', VISIT_STATUSES],
      ['visit_follow_up', ['open', 'done']],
      ['visit_plan', ['submitted']],
      ['diary', ['submitted']],
      ['diary_day', DIARY_DAY_STATUSES],
    ];
    for (const [type, keys] of states) for (const k of keys) named(stateLabel(type, k)!, `${type}.${k}`);
    expect(stateLabel('quote', 'commerce_review')).toEqual({ zh: '商務審核', en: 'Commerce review' });
    expect(stateLabel('tariff', 'pending_gm')).toEqual({ zh: '待總經理審批', en: 'Waiting for the GM' });
    expect(stateLabel('quote', null)).toBeNull();
    expect(Object.keys(STATE_LABELS)).toEqual([
      'quote',
      'tariff',
      'tariff_change',
      'collection_case',
      'plan',
      'prospect',
      'customer',
      'visit',
      'write_off',
      'visit_follow_up',
      'visit_plan',
      'diary',
      'diary_day',
      'job',
    ]);
  });

  it('every role, and the system, has both labels', () => {
    for (const r of [...ROLES, 'system']) named(roleLabel(r), r);
    expect(roleLabel('gm')).toEqual({ zh: '總經理', en: 'General manager' });
  });
});

describe('durations', () => {
  it('reads as days and hours, hours and minutes, minutes or seconds', () => {
    expect(formatDuration(2_628_198_000, 'zh-Hant')).toBe('30 天 10 小時');
    expect(formatDuration(2_628_198_000, 'en')).toBe('30 d 10 h');
    expect(formatDuration((5 * 60 + 12) * 60_000, 'en')).toBe('5 h 12 min');
    expect(formatDuration(7 * 60_000 + 59_000, 'zh-Hant')).toBe('7 分');
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(-5, 'en')).toBe('0 s');
  });

  it('the desk reads a duration in both languages (「0 秒 0 s」, never 「0 秒」 alone)', () => {
    expect(durationLabel(0)).toEqual(['0 秒', '0 s']);
    expect(durationLabel(2_628_198_000)).toEqual(['30 天 10 小時', '30 d 10 h']);
  });

  it('no desk page formats a duration in one language', () => {
    const pages = readdirSync('web/src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
    const oneLanguage = pages.filter((f) => readFileSync(join('web/src', f), 'utf8').includes('formatDuration('));
    expect(oneLanguage).toEqual([]);
  });
});
