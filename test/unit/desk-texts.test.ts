/**
 * The desk's texts without a browser: the API's refusals named as the tables number their lines and in
 * both languages (web/src/api/errors.ts), numbers typed with a Chinese input method or copied from a
 * document made ASCII (web/src/format/number.ts). Ant Design's own texts in both languages
 * (web/src/locale.ts) are checked in the browser (test/web/fresh-system.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { describeError, fieldMessage, fieldName } from '../../web/src/api/errors';
import { formatDueAt } from '../../web/src/format/dates';
import { normalizeDecimalInput } from '../../web/src/format/number';
import { decimalProblem } from '../../web/src/pages/quotes/lines';

const zh = Object.assign((z: string, e: string) => `${z} ${e}`, {
  label: (l: readonly [string, string]) => `${l[0]} ${l[1]}`,
});

/** An ApiError as client.ts throws it (same shape; client.ts itself needs a browser). */
function apiError(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), {
    status,
    code,
    details,
    fields: (details.fields ?? []) as { path: string; message: string }[],
    reason: details.reason as string | undefined,
  });
}

describe('refusals as the desk shows them', () => {
  it('names a field by its label and 1-based line number, as the table numbers the lines', () => {
    expect(fieldName('body.lines.2.quotedPrice', zh)).toBe('第 3 行 報價 Line 3 Quoted price');
    expect(fieldName('body.lines.0', zh)).toBe('第 1 行 Line 1');
    expect(fieldName('body.effectiveFrom', zh)).toBe('生效日 Effective from');
    expect(fieldName('body.mystery', zh)).toBe('mystery mystery');
  });

  it('puts the zh-Hant of a known message beside the English, and leaves others as they are', () => {
    expect(fieldMessage('unknown field', zh)).toBe('未知欄位 unknown field');
    expect(fieldMessage('duplicates line 2', zh)).toBe('與第 2 行重複 duplicates line 2');
    expect(fieldMessage('must be greater than zero', zh)).toBe('須大於 0 must be greater than zero');
    expect(fieldMessage('something new', zh)).toBe('something new');
  });

  it('a 400 lists its fields instead of the English message with 0-based paths', () => {
    const e = apiError(400, 'bad_request', 'Invalid request: body.lines.0.quantity must be greater than zero', {
      fields: [{ path: 'body.lines.0.quantity', message: 'must be greater than zero' }],
    });
    const text = describeError(e, zh);
    expect(text).toBe('輸入有誤 Invalid input: 第 1 行 數量 Line 1 Quantity: 須大於 0 must be greater than zero');
    expect(text).not.toContain('lines.0');
  });

  it('a refusal with a reason leads with the reason in both languages, then the API message', () => {
    const e = apiError(422, 'unprocessable', 'An empty draft cannot be submitted', { reason: 'no_lines' });
    expect(describeError(e, zh, { no_lines: ['草稿沒有價目', 'no lines yet'] })).toBe(
      '草稿沒有價目 no lines yet — An empty draft cannot be submitted',
    );
    expect(describeError(apiError(409, 'conflict', 'Locked'), zh)).toBe(
      '記錄狀態不允許此操作 Refused in the record’s state — Locked',
    );
    expect(describeError(new Error('boom'), zh)).toBe('boom');
  });
});

describe('numbers as people type them', () => {
  it.each([
    ['２５００．００', '2500.00'],
    ['−100', '-100'],
    ['－１', '-1'],
    ['12,500.00', '12500.00'],
    ['１２，５００', '12500'],
    [' 3 ', '3'],
    ['abc', 'abc'],
  ])('%s → %s', (typed, ascii) => expect(normalizeDecimalInput(typed)).toBe(ascii));

  it('a normalised negative number is refused as negative, not as "not a number"', () => {
    expect(decimalProblem(normalizeDecimalInput('−100'), 2, zh)).toBe('不可為負數 Must not be negative');
    expect(decimalProblem(normalizeDecimalInput('１００'), 2, zh)).toBeNull();
    expect(decimalProblem('0', 0, zh, true)).toBe('須大於 0 Must be greater than 0');
    expect(decimalProblem('', 0, zh)).toBe('必填 Required');
  });
});

describe('due times as the desk shows them (formatDueAt)', () => {
  it('shows a due at local midnight as the end of the day before, not as 00:00 of the next day', () => {
    // The end of 2026-12-08 in Taipei (UTC+8), as dueAtOf stores a working-day due.
    expect(formatDueAt('2026-12-08T16:00:00.000Z', 'Asia/Taipei')).toBe('2026-12-08 下班前 end of day');
    expect(formatDueAt('2026-12-08T16:00:00.000Z', 'UTC')).toBe('2026-12-08 16:00');
    expect(formatDueAt('2026-12-09T00:00:00.000Z', 'UTC')).toBe('2026-12-08 下班前 end of day');
  });

  it('shows any other instant with its minute, and nothing for no due', () => {
    expect(formatDueAt('2026-12-08T16:00:01.000Z', 'Asia/Taipei')).toBe('2026-12-09 00:00');
    expect(formatDueAt('2026-12-08T15:59:00.000Z', 'Asia/Taipei')).toBe('2026-12-08 23:59');
    expect(formatDueAt('2026-12-08T02:30:00.000Z', 'Asia/Taipei')).toBe('2026-12-08 10:30');
    expect(formatDueAt(null, 'Asia/Taipei')).toBe('');
  });
});
