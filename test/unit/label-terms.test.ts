/**
 * One term for one thing, in one place (issue 11 try-outs): 海運 is "Ocean freight" — the service type and the job's
 * sea stage, API and desk alike (machines/catalog.ts, machines/job-stages.ts; the desk splits the same tables);
 * 有效至 (not 有效迄); the customer's contact person 聯絡人 Contact (not 業務聯絡人 on some pages); a step's comment
 * 意見 Comment and a note 備註 Note on every form and table (web/src/api/errors.ts FIELD_LABELS via fieldLabel); an
 * amount column says which amount (核銷金額 Write-off amount, not just "Amount"); allocation is 沖銷, write-off 核銷.
 * The API's refusals use the desk's words: 合同 Contract (not 合約), 信用證 L/C (not 信用狀, which is 信用狀況 credit
 * standing's neighbour), 報價有效期至 (not 報價有效期限), a receipt's 參考號 Reference (not 銀行參考號).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_LABELS } from '../../domain/labels';
import { PRICE_UNIT_LABELS, SERVICE_TYPE_LABELS } from '../../machines/catalog';
import { JOB_STAGE_LABELS } from '../../machines/job.machine';
import { JOB_STAGE_LABELS as DESK_STAGES } from '../../web/src/format/labels';
import { SERVICE_TYPE_LABELS as DESK_SERVICES, UNIT_LABELS as DESK_UNITS } from '../../web/src/pages/tariffs/types';

/** Every line of the project's source and README, with its file. */
function lines(dirs: string[]): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const n of readdirSync(p)) if (n !== 'node_modules' && n !== 'dist') walk(join(p, n));
    } else if (/\.(tsx?|md)$/.test(p) && !p.endsWith('.d.ts'))
      readFileSync(p, 'utf8')
        .split('\n')
        .forEach((text, i) => out.push({ at: `${p}:${i + 1}`, text }));
  };
  dirs.forEach(walk);
  return out;
}
const SOURCE = ['web/src', 'api', 'domain', 'machines', 'documents', 'lib', 'activities', 'README.md'];

describe('one term for one thing', () => {
  it('海運 is “Ocean freight” in the service types and the job stages, and the desk reads the same tables', () => {
    expect(SERVICE_TYPE_LABELS.ocean_freight).toBe('海運 Ocean freight');
    expect(JOB_STAGE_LABELS.sea_freight).toBe('海運 Ocean freight');
    expect(DESK_SERVICES.ocean_freight).toEqual(['海運', 'Ocean freight']);
    expect(DESK_STAGES.sea_freight).toEqual(['海運', 'Ocean freight']);
    expect(DESK_UNITS.per_20gp).toEqual(['每20GP櫃', 'per 20GP']);
    expect(PRICE_UNIT_LABELS.per_20gp).toBe('每20GP櫃 per 20GP');
    // Sentence case: the English of every service type and stage starts with a capital.
    for (const label of [...Object.values(SERVICE_TYPE_LABELS), ...Object.values(JOB_STAGE_LABELS)])
      expect(label).toMatch(/ [A-Z]/);
    const sea = lines(SOURCE).filter((l) => /sea freight/i.test(l.text));
    expect(sea.map((l) => l.at)).toEqual([]);
  });

  it('有效至, 聯絡人, 沖銷 for an allocation: the other words are gone', () => {
    const found = lines(SOURCE).filter(
      (l) => (/有效迄/.test(l.text) && !/formerLabels|FORMER/.test(l.text)) || /業務聯絡人/.test(l.text),
    );
    expect(found.map((l) => `${l.at} ${l.text.trim()}`)).toEqual([]);
    expect(EVENT_LABELS['receipt.allocated']?.zh).toContain('沖銷');
  });

  it('合同, 信用證, 報價有效期至 and 參考號 in the API as on the desk', () => {
    const found = lines(SOURCE).filter(
      (l) =>
        /合約|報價有效期限|銀行參考號|信用狀(?!況)/.test(l.text) &&
        !/formerLabels|FORMER|not 合約|not 信用狀|not 報價有效期限|not 銀行參考號|「銀行參考號」/.test(l.text),
    );
    expect(found.map((l) => `${l.at} ${l.text.trim()}`)).toEqual([]);
  });

  it('a comment is 意見 Comment and a note 備註 Note on every page; an amount column says which amount', () => {
    const pair = /\bt(?:\.stacked)?\(\s*'([^'`$]+)',\s*'([^'`$]+)'\s*\)/g;
    const wrong: string[] = [];
    for (const l of lines(['web/src'])) {
      for (const m of l.text.matchAll(pair)) {
        const [zh, en] = [m[1]!, m[2]!];
        if (/^comment\b/i.test(en) && !zh.startsWith('意見')) wrong.push(`${l.at} ${zh} ${en}`);
        if (/^note$/i.test(en) && zh !== '備註') wrong.push(`${l.at} ${zh} ${en}`);
        if (/^contact$/i.test(en) && zh !== '聯絡人') wrong.push(`${l.at} ${zh} ${en}`);
        // "Amount" alone for a named amount (核銷金額, 發票金額 …) says less than the Chinese.
        if (/^amount$/i.test(en) && zh !== '金額') wrong.push(`${l.at} ${zh} ${en}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
