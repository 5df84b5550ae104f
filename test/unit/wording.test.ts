/**
 * The desk's and the API's wording (issue 11 try-outs): a count takes the English singular for one — never
 * "1 days overdue" — through the one plural rule (domain/words.ts countText); a refusal that names its field
 * says the field's noun once — never 「應收款 Receivable: receivable J1 …」 (the write-off `not_due` dialog).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agingBuckets } from '../../domain/ledger';
import { countText, DAYS, VISITS } from '../../domain/words';
import { describeError, fieldMessage } from '../../web/src/api/errors';

const zh = Object.assign((z: string, e: string) => `${z} ${e}`, {
  label: (l: readonly [string, string]) => `${l[0]} ${l[1]}`,
});

function apiError(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), {
    status,
    code,
    details,
    fields: (details.fields ?? []) as { path: string; message: string }[],
    reason: details.reason as string | undefined,
  });
}

describe('counts', () => {
  it('one day, two days; zh-Hant without a plural', () => {
    expect(countText(1, DAYS)).toEqual(['1 天', '1 day']);
    expect(countText(0, DAYS)).toEqual(['0 天', '0 days']);
    expect(countText(31, DAYS)).toEqual(['31 天', '31 days']);
    expect(countText(1, VISITS)).toEqual(['1 次拜訪', '1 visit']);
  });

  it('the aging’s last bucket over one day says “day”', () => {
    expect(agingBuckets([1]).at(-1)?.labelEn).toBe('Over 1 day');
  });

  it('no English text puts a number before a plural noun without countText', () => {
    // `${n} days`-like templates in the desk and the API; a range (`${lo}–${e} days`) is plural whatever its ends,
    // and a limit that is a constant above one (`${MAX_DAYS} days`) or a currency (`${currency} receivables`) counts
    // nothing. antd's validateMessages are templates antd fills (no function to pluralise with): their `${len}`,
    // `${min}`, `${max}` are left alone.
    const allowed = /^(?:[A-Z_]+|opts\.maxRows|currency|c|len|min|max)$/;
    const nouns =
      'days|hours|minutes|weeks|months|years|visits|lines|items|containers|rows|receivables|customers|quotes|jobs|entries|calls|receipts|steps|times';
    const re = new RegExp(`(^|[^–-])\\$\\{([^}]+)\\} (${nouns})\\b`, 'g');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          if (name !== 'node_modules') walk(p);
        } else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
          readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              for (const m of line.matchAll(re)) if (!allowed.test(m[2]!)) found.push(`${p}:${i + 1}: ${m[0].trim()}`);
            });
        }
      }
    };
    for (const d of ['web/src', 'api', 'domain', 'lib', 'activities', 'workflows', 'machines', 'documents']) walk(d);
    expect(found).toEqual([]);
  });
});

describe('a refusal names its field once', () => {
  it('the write-off not_due refusal: 「應收款 Receivable」 then the receivable, not “receivable” again', () => {
    const e = apiError(
      422,
      'unprocessable',
      'receivable J2026-00001 · 海運費 is due on 2026-12-31, not overdue on 2026-12-01: only money past its due date is written off',
      {
        reason: 'not_due',
        fields: [
          {
            path: 'receivableId',
            message:
              'receivable J2026-00001 · 海運費 is due on 2026-12-31, not overdue on 2026-12-01: only money past its due date is written off',
          },
        ],
      },
    );
    const text = describeError(e, zh);
    expect(text).toContain('應收款 Receivable: J2026-00001 · 海運費 is due on 2026-12-31');
    expect(text).not.toMatch(/receivable:?\s+receivable/i);
  });

  it('a message starting with its field’s noun or label loses it; other messages keep their first word', () => {
    expect(fieldMessage('customer C0001 is suspended', zh, 'customerNo')).toBe('C0001 is suspended');
    expect(fieldMessage('receivable J1 · x is listed twice', zh, 'receivableId')).toBe('J1 · x is listed twice');
    expect(fieldMessage('must not be empty', zh, 'receivableId')).not.toMatch(/^receivable/);
    expect(fieldMessage('payer is required', zh, 'reference')).toBe('payer is required');
  });
});
