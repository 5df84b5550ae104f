/**
 * Every read a desk screen draws from shows its failure — the bilingual error and a retry (components/ErrorState.tsx:
 * ErrorState, QueryError, ReadState's `read`, or ListTable's `list`) — never an empty table or a blank dialog (issue 11 try-outs: the
 * billing preview, the open-job dialog, the quote forms' lines and tariff read showed nothing when their read failed).
 * A source scan: each `const x = useQuery(` of web/src is handled in its file (`x.isError` / `x.error`, or passed as
 * `query={x}` / `list={x}` / `read={x}`), and each hook that returns a query is handled where it is called.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

describe('reads that fail are shown', () => {
  it('every useQuery of the desk has its error shown with a retry', () => {
    const unhandled: string[] = [];
    const hooks: string[] = [];
    for (const p of files('web/src')) {
      const s = readFileSync(p, 'utf8');
      for (const m of s.matchAll(/const (\w+) = (useQuery|use[A-Z]\w*Preview)(?:<[^>]*>)?\(/g)) {
        const name = m[1]!;
        const handled = new RegExp(`\\b(query|list|read)=\\{${name}\\}|\\b${name}\\.(isError|error)\\b`).test(s);
        if (!handled) unhandled.push(`${p}: ${name}`);
      }
      // A hook returning a query (`return useQuery(`) is checked where it is called, by its `const x = useX(`.
      for (const m of s.matchAll(/export function (use\w+)\([^)]*\)[^{]*\{[^}]*?return useQuery\(/gs))
        hooks.push(m[1]!);
    }
    expect(unhandled).toEqual([]);
    // The quote lines' live pricing: its callers pass its error and a retry to LinesEditor.
    expect(hooks).toContain('usePreview');
    for (const p of files('web/src').filter((f) => readFileSync(f, 'utf8').includes('usePreview(lines')))
      expect(readFileSync(p, 'utf8')).toMatch(/onPreviewRetry=\{\(\) => void preview\.refetch\(\)\}/);
  });
});
