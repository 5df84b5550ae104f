/**
 * antd's `form.validateFields()` rejects when a field is invalid. An uncaught rejection is a browser
 * `pageerror` (the visit plan's 「加入計劃 Add to plan」 on an empty form raised one). This walks every desk
 * source file with the TypeScript parser and names each `validateFields` call whose rejection is neither
 * caught by `.catch(…)` nor inside a `try { … }` block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** `file:line` for each `validateFields(…)` call whose rejection nothing catches. */
export function uncaughtValidations(file: string, code: string): string[] {
  const src = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const caught = (call: ts.Node): boolean => {
    const parent = call.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'catch') return true;
    for (let n: ts.Node = call; n.parent; n = n.parent) {
      if (ts.isFunctionLike(n)) return false;
      if (ts.isTryStatement(n.parent) && n.parent.tryBlock === n) return true;
    }
    return false;
  };
  const visit = (n: ts.Node): void => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'validateFields' &&
      !caught(n)
    ) {
      found.push(`${file}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

describe('desk form validation', () => {
  it('flags an uncaught validateFields and accepts .catch and try', () => {
    expect(uncaughtValidations('a.tsx', 'const f = async () => { const v = await form.validateFields(); };')).toEqual([
      'a.tsx:1',
    ]);
    expect(
      uncaughtValidations('b.tsx', 'const f = async () => { await form.validateFields().catch(() => null); };'),
    ).toEqual([]);
    expect(
      uncaughtValidations('c.tsx', 'const f = async () => { try { await form.validateFields(); } catch { return; } };'),
    ).toEqual([]);
  });

  it('every validateFields call in web/src catches its rejection', () => {
    const files = sourceFiles('web/src');
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => uncaughtValidations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
