/**
 * The desk's texts without a browser: the API's refusals named as the tables number their lines and in
 * both languages (web/src/api/errors.ts), numbers typed with a Chinese input method or copied from a
 * document made ASCII (web/src/format/number.ts). Ant Design's own texts in both languages
 * (web/src/locale.ts) are checked in the browser (test/web/fresh-system.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { describeError, fieldMessage, fieldName, refusal } from '../../web/src/api/errors';
import { formatDueAt } from '../../web/src/format/dates';
import { validateMessages } from '../../web/src/validateMessages';
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
    expect(fieldName('body.mystery', zh)).toBe('mystery');
  });

  it('names a list’s row 「第 n 行 Row n」 and each part once, whatever the path’s spelling', () => {
    expect(fieldName('body.charges.0.amount', zh)).toBe('第 1 行 金額 Row 1 Amount');
    expect(fieldName(['charges', 1, 'amount'], zh)).toBe('第 2 行 金額 Row 2 Amount');
    // antd's own fallback for an unlabelled field of a list is its name path joined with commas.
    expect(fieldName('0,amount', zh)).toBe('第 1 行 金額 Row 1 Amount');
    expect(fieldName('body.allocations.2.receivableId', zh)).toBe('第 3 行 應收款 Row 3 Receivable');
    expect(fieldName('body.promise.amount', zh)).toBe('承諾付款 金額 Promise to pay Amount');
    // A key without a label of its own takes the form's label (already in both languages), once.
    expect(fieldName('money.0.mystery', zh, '神秘 Mystery')).toBe('第 1 行 Row 1 神秘 Mystery');
    expect(fieldName('receivedOn', zh, '收款日期 Date received')).toBe('收款日 Received on');
    const en = Object.assign((z: string, e: string) => `${e} ${z}`, {
      label: (l: readonly [string, string]) => `${l[1]} ${l[0]}`,
    });
    expect(fieldName('charges.0.amount', en)).toBe('Row 1 Amount 第 1 行 金額');
  });

  it('a message that names its own field loses the name: the field is named once, before it', () => {
    expect(fieldMessage('amount: CNY amounts have at most 2 decimals, got 1.234', zh, 'amount')).toBe(
      'CNY 金額最多 2 位小數 CNY amounts have at most 2 decimals, got 1.234',
    );
    expect(fieldMessage('receivedOn 2099-01-01 is in the future', zh, 'receivedOn')).toBe(
      '不可晚於今天 2099-01-01 is in the future',
    );
    const e = apiError(400, 'bad_request', 'Invalid request: body.charges.0.amount amount: CNY …', {
      fields: [{ path: 'body.charges.0.amount', message: 'amount: CNY amounts have at most 2 decimals, got 1.234' }],
    });
    const text = describeError(e, zh);
    expect(text).toBe(
      '輸入有誤 Invalid input: 第 1 行 金額 Row 1 Amount: CNY 金額最多 2 位小數 CNY amounts have at most 2 decimals, got 1.234',
    );
    expect(text.match(/Amount/g)).toHaveLength(1);
    expect(text).not.toMatch(/charges|\b0\b|amount:/);
  });

  it('a 422 on one field (details.field) names that field by its label, not its key', () => {
    const e = apiError(422, 'unprocessable', 'receivedOn 2099-01-01 is in the future', { field: 'receivedOn' });
    // client.ts ApiError.fields: a 422's one field with the refusal's message.
    e.fields = [{ path: 'receivedOn', message: e.message }];
    expect(refusal(e, zh)).toEqual({
      title: '不符業務規則 Refused by a business rule',
      fields: ['收款日 Received on: 不可晚於今天 2099-01-01 is in the future'],
    });
  });

  it('a visit follow-up due before the visit: 「第 1 項 期限 Follow-up 1 Due」 as the form says, not a 0-based path', () => {
    const e = apiError(422, 'unprocessable', 'followUps[0].dueOn must not be before the visit', {
      field: 'followUps.0.dueOn',
    });
    e.fields = [{ path: 'followUps.0.dueOn', message: e.message }];
    expect(fieldName('followUps.0.dueOn', zh)).toBe('第 1 項 期限 Follow-up 1 Due');
    expect(fieldMessage(e.message, zh, 'dueOn')).toBe('不可早於拜訪日 must not be before the visit');
    expect(describeError(e, zh)).toBe(
      '不符業務規則 Refused by a business rule: 第 1 項 期限 Follow-up 1 Due: 不可早於拜訪日 must not be before the visit',
    );
  });

  it('form validation messages name the field once, a list row by its number, never by its bare path', () => {
    const m = validateMessages(zh) as unknown as {
      required: (path: string) => string;
      pattern: { mismatch: (path: string) => string };
      types: { number: (path: string) => string };
    };
    // antd calls a message function with the field's full name path; `${label}` is filled by antd afterwards.
    expect(m.pattern.mismatch('charges.0.amount')).toBe('第 1 行 金額 Row 1 Amount：格式不符 invalid format');
    expect(m.required('receivedOn')).toBe('收款日 Received on：必填 required');
    expect(m.types.number('targets.mystery')).toBe('${label}：請輸入數字 enter a number');
    for (const text of [m.pattern.mismatch('charges.0.amount'), m.required('feeItems.2.amount')]) {
      expect(text).not.toMatch(/\d,|\.\d|amount/);
      expect(text.match(/金額/g)).toHaveLength(1);
    }
  });

  it('puts the zh-Hant of a known message beside the English, and leaves others as they are', () => {
    expect(fieldMessage('unknown field', zh)).toBe('未知欄位 unknown field');
    expect(fieldMessage('duplicates line 2', zh)).toBe('與第 2 行重複 duplicates line 2');
    // A person refused out of a manager's team is refused in both languages (the monthly sheet's budget).
    expect(fieldMessage('sales is not in your team', zh, 'ownerId')).toBe(
      'sales 不在你的團隊 sales is not in your team',
    );
    expect(fieldMessage('must be greater than zero', zh)).toBe('須大於 0 must be greater than zero');
    expect(fieldMessage('something new', zh)).toBe('something new');
  });

  it('a list with too few or too many rows reads in both languages, not zod’s English (a dispute without a line)', () => {
    expect(fieldMessage('Too small: expected array to have >=1 items', zh, 'lines')).toBe(
      '至少需要 1 項 at least 1 item needed',
    );
    expect(fieldMessage('Too small: expected array to have >=2 items', zh)).toBe(
      '至少需要 2 項 at least 2 items needed',
    );
    expect(fieldMessage('Too big: expected array to have <=500 items', zh)).toBe('最多 500 項 at most 500 items');
    const e = apiError(400, 'bad_request', 'Invalid request', {
      fields: [{ path: 'body.lines', message: 'Too small: expected array to have >=1 items' }],
    });
    expect(describeError(e, zh)).toBe('輸入有誤 Invalid input: 明細 Lines: 至少需要 1 項 at least 1 item needed');
    // A string's "too small" stays 不可空白 (must not be blank).
    expect(fieldMessage('Too small: expected string to have >=1 characters', zh)).toMatch(/^不可空白 /);
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
    expect(describeError(e, zh)).toBe(
      '草稿沒有價目：請先新增價目或從 Excel 匯入 no lines yet: add lines or import them from Excel — An empty draft cannot be submitted',
    );
    // Every page, not only the ones with step buttons: the write-off refused as not yet due (issue 13).
    const notDue = apiError(
      422,
      'unprocessable',
      'receivable J2026-00001 · 海運費 is due on 2026-12-31, not overdue on 2026-12-01: only money past its due date is written off',
      { reason: 'not_due', field: 'receivableId' },
    );
    expect(describeError(notDue, zh)).toMatch(/^尚未逾期：未到期款項不得核銷 not yet overdue/);
    expect(describeError(apiError(409, 'conflict', 'Locked'), zh)).toBe(
      '記錄狀態不允許此操作 Refused in the record’s state — Locked',
    );
    expect(describeError(new Error('boom'), zh)).toBe('boom');
  });

  it('a refusal the API words in both languages is shown as it is: no zh-Hant summary saying the same again', () => {
    const nothing = apiError(409, 'conflict', '與第 1 版相比沒有任何變更 Nothing changed against version 1', {
      reason: 'unchanged',
    });
    expect(describeError(nothing, zh)).toBe('與第 1 版相比沒有任何變更 Nothing changed against version 1');
    const stale = apiError(
      409,
      'conflict',
      "「退回預算」不能在「擬定合同」狀態下辦理 'Return the budget' is not possible while the record is 'Contract drafting'",
      { reason: 'wrong_state' },
    );
    expect(describeError(stale, zh)).not.toMatch(/記錄狀態不允許/);
    // A 422 on one field: the field's label, then the API's own bilingual reason, once.
    const team = apiError(422, 'unprocessable', '孫立偉 Sun Liwei 不在您的團隊 孫立偉 Sun Liwei is not in your team', {
      field: 'ownerId',
    });
    team.fields = [{ path: 'ownerId', message: team.message }];
    const shown = refusal(team, zh);
    expect(shown.fields).toHaveLength(1);
    expect(shown.fields[0]).toMatch(/: 孫立偉 Sun Liwei 不在您的團隊 孫立偉 Sun Liwei is not in your team$/);
    expect(shown.fields[0]!.match(/不在/g)).toHaveLength(1);
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
