/** What a tariff change alters against its base version, line by line (matched by what a line prices). */
import type { TariffLineInput } from '../machines/catalog';

export interface TariffLineDiff {
  added: TariffLineInput[];
  removed: TariffLineInput[];
  changed: { before: TariffLineInput; after: TariffLineInput; fields: string[] }[];
  unchanged: number;
}

const keyOf = (l: TariffLineInput) =>
  [l.serviceType, l.industry, l.commodity, l.routeFrom, l.routeTo, l.unit, l.currency]
    .map((s) => s.toLowerCase())
    .join('|');

const COMPARED = ['price', 'budgetCost', 'validFrom', 'validTo'] as const;

/** Decimal strings compare by value ("10.5" equals "10.50"). */
const same = (a: unknown, b: unknown) => {
  if (typeof a === 'string' && typeof b === 'string' && /^\d+(\.\d+)?$/.test(a) && /^\d+(\.\d+)?$/.test(b)) {
    const [ai = '', af = ''] = a.split('.');
    const [bi = '', bf = ''] = b.split('.');
    return BigInt(ai) === BigInt(bi) && af.replace(/0+$/, '') === bf.replace(/0+$/, '');
  }
  return (a ?? null) === (b ?? null);
};

export function diffTariffLines(base: TariffLineInput[], proposed: TariffLineInput[]): TariffLineDiff {
  const before = new Map(base.map((l) => [keyOf(l), l]));
  const diff: TariffLineDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const after of proposed) {
    const k = keyOf(after);
    seen.add(k);
    const prev = before.get(k);
    if (!prev) {
      diff.added.push(after);
      continue;
    }
    const fields = COMPARED.filter((f) => !same(prev[f], after[f]));
    if (fields.length) diff.changed.push({ before: prev, after, fields });
    else diff.unchanged += 1;
  }
  for (const [k, l] of before) if (!seen.has(k)) diff.removed.push(l);
  return diff;
}
