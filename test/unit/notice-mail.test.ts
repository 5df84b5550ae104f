/** The notice mail names kinds and records by their labels, zh-Hant and English once each, never by raw keys. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPE_LABELS } from '../../domain/record-types';
import { KIND_TITLES, renderNoticeMail } from '../../worker/notice-mail';

const notice = (over: Partial<Parameters<typeof renderNoticeMail>[0]>) =>
  renderNoticeMail({
    id: 1,
    kind: 'collection_call_due',
    channel: 'user',
    recipientId: 'sales1',
    recipientName: '王小明',
    recipientEmail: 'w@example.test',
    recipientPhone: null,
    recordType: 'collection_plan',
    recordId: 'C2026-00001',
    subject: '收款前致電 Call before collection: 深圳測試 C2026-00001',
    body: '請致電客戶 深圳測試 C2026-00001。',
    ...over,
  });

/** Literal `kind` and `recordType` values of every enqueueNotification call in the producers' sources. */
function queuedLiterals(): { kinds: Set<string>; records: Set<string> } {
  const kinds = new Set<string>();
  const records = new Set<string>();
  const files = [
    ...readdirSync('activities').map((f) => join('activities', f)),
    ...readdirSync('api', { recursive: true }).map((f) => join('api', String(f))),
  ].filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const [i] of [...src.matchAll(/enqueueNotification\(/g)].map((m) => [m.index])) {
      const call = src.slice(i, src.indexOf('});', i));
      for (const m of call.matchAll(/\bkind: '([a-z_]+)'/g)) kinds.add(m[1]!);
      for (const m of call.matchAll(/\brecordType: '([a-z_]+)'/g)) records.add(m[1]!);
    }
  }
  return { kinds, records };
}

describe('notice mail', () => {
  it('labels the collection call reminder’s record once in both languages and keeps the customer’s name', () => {
    const { text, html } = notice({});
    expect(text).toContain('類別 Kind：收款前致電提醒 Call before collection');
    expect(text).toContain('記錄 Record：收款日程 Collection schedule C2026-00001');
    expect(text).toContain('深圳測試 C2026-00001');
    expect(text).not.toContain('collection_plan');
    expect(html).not.toContain('collection_plan');
  });
  it('names an unknown record type once', () => {
    const { text } = notice({ recordType: 'mystery', kind: 'mystery_kind' });
    expect(text).toContain('記錄 Record：mystery C2026-00001');
    expect(text).toContain('類別 Kind：通知 Notice');
  });
  it('has a title for every kind and record type a producer queues', () => {
    const { kinds, records } = queuedLiterals();
    expect(kinds.size).toBeGreaterThan(4);
    // Queued through variables: the collection case notices and the rhythm reminders (domain/rhythm.ts reminderNotice).
    for (const k of [
      ...kinds,
      'collection_case',
      'diary_reminder',
      'diary_missing',
      'weekly_plan_reminder',
      'monthly_plan_reminder',
      'annual_plan_reminder',
      'plan_overdue',
      'plan_overdue_escalation',
    ])
      expect(KIND_TITLES[k], k).toBeDefined();
    for (const r of [...records, 'collection_case', 'diary', 'plan']) expect(RECORD_TYPE_LABELS[r], r).toBeDefined();
  });
});
