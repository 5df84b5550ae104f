/**
 * Inside a transaction, every query goes through the transaction. A callback that receives `trx` and still
 * passes the outer handle (`db`, `deps.db`, `this.db`) to a query reads outside the transaction on
 * PostgreSQL — and on the embedded PGlite of `npm run dev` (one connection, held by the transaction:
 * db/pglite-dialect.ts) it waits for itself forever and every later request hangs with it. Drawing a
 * statement did exactly that (api/receivables/statements.ts). This walks every source file with the
 * TypeScript parser and names each such call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOTS = ['api', 'db', 'domain', 'lib', 'machines', 'worker', 'workflows', 'scripts', 'documents'];
const OUTER = new Set(['db', 'deps.db', 'this.db', 'this.deps.db']);

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `file:line: call` for each call inside a `(trx) => …` callback that passes an outer database handle. */
export function outerHandleUses(file: string, code: string): string[] {
  const src = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const inTransaction = (node: ts.Node): void => {
    if (ts.isCallExpression(node))
      for (const arg of node.arguments)
        if (OUTER.has(arg.getText(src))) {
          const { line } = src.getLineAndCharacterOfPosition(node.getStart(src));
          found.push(`${file}:${line + 1}: ${node.getText(src).split('\n')[0]}`);
        }
    ts.forEachChild(node, inTransaction);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parameters[0]?.name.getText(src) === 'trx')
      return inTransaction(node.body);
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('queries inside a transaction', () => {
  it('finds an outer handle passed inside a trx callback (the rule can fail)', () => {
    const code = `await db.transaction().execute(async (trx) => { await a(trx); await b(deps.db, 1); });`;
    expect(outerHandleUses('x.ts', code)).toEqual(['x.ts:1: b(deps.db, 1)']);
  });

  it('go through the transaction, in every source file', () => {
    const files = ROOTS.flatMap((r) => sourceFiles(r));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => outerHandleUses(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
