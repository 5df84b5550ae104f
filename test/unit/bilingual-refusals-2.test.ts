/**
 * Refusals people read (403 forbidden, 404 not_found, 409 conflict, 422 unprocessable) say their reason in zh-Hant
 * with English beside — the second half of the issue 11 try-out: the receivables, collection-case, credit, plan,
 * prospect, visit, diary, board, audit, history and inbox routes. A source scan, with the TypeScript parser, of
 * `new AppError(code, message)` and of the receivables' 422 helper `unprocessable(field, message)`
 * (api/receivables/entries.ts): each string or template literal the message is made of must hold a CJK character.
 * A message built elsewhere (`refused.message` of a machine, `plan.problem.message` of domain/ledger.ts, a
 * function's sentence) is checked where it is written. test/unit/bilingual-refusals.test.ts (the first half) scans
 * the same way; once both have landed, that file scans these directories too and this one goes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

const SCANNED = [
  'api/receivables',
  'api/collection-cases',
  'api/credit',
  'api/plans',
  'api/prospects',
  'api/visits',
  'api/diaries',
  'api/boards',
  'api/audit',
  'api/history.ts',
  'api/inbox.ts',
];

/** The refusals whose message people read as the reason (400s are named field by field by the desk). */
const REFUSAL_CODES = new Set(['forbidden', 'not_found', 'conflict', 'unprocessable']);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function tsFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .flatMap((name) => tsFiles(join(path, name)))
    .filter((p) => /(?<!\.d)\.ts$/.test(p));
}

/** The string literals an argument may evaluate to (undefined: a value computed elsewhere, not checked here). */
function literalTexts(node: ts.Expression): { text: string; node: ts.Node }[] | undefined {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalTexts(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, node }];
  if (ts.isTemplateExpression(node))
    return [{ text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…'), node }];
  if (ts.isConditionalExpression(node) || ts.isBinaryExpression(node)) {
    const [a, b] = ts.isConditionalExpression(node) ? [node.whenTrue, node.whenFalse] : [node.left, node.right];
    const parts = [literalTexts(a), literalTexts(b)].filter(Boolean);
    return parts.length ? parts.flatMap((p) => p!) : undefined;
  }
  return undefined;
}

/** Every refusal message literal of `file` without a CJK character, as `path:line: text`. */
export function englishOnlyRefusals(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const check = (message: ts.Expression | undefined) => {
    for (const l of (message && literalTexts(message)) ?? []) {
      if (!CJK.test(l.text) && /[A-Za-z]/.test(l.text)) {
        const { line } = sf.getLineAndCharacterOfPosition(l.node.getStart());
        out.push(`${relative(ROOT, file)}:${line + 1}: ${l.text}`);
      }
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') {
      const [code, message] = node.arguments ?? [];
      if (code && (literalTexts(code) ?? []).some((c) => REFUSAL_CODES.has(c.text))) check(message);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'unprocessable')
      check(node.arguments[1]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('refusals of the receivables, collection, credit, rhythm and board routes', () => {
  it('say their reason in zh-Hant with English beside', () => {
    const files = SCANNED.flatMap((p) => tsFiles(join(ROOT, p)));
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap((f) => englishOnlyRefusals(f))).toEqual([]);
  });

  it('the scan sees each form of refusal, and lets bilingual and passed-on messages pass', () => {
    const src = `
      throw new AppError('not_found', \`No plan \${id}\`);
      throw new AppError('conflict', \`拜訪時間 \${t} is in the future\` + (x ? '' : ' (the planned time)'));
      throw unprocessable('amount', 'more than the line’s outstanding amount');
      throw new AppError(ok ? 'unprocessable' : 'not_found', 'No such visit');
      throw new AppError('bad_request', 'from is after to');
      throw new AppError('forbidden', \`\${who} 不在您的團隊 \${who} is not in your team\`);
      throw new AppError(refused.kind, refused.message);
      throw unprocessable(plan.problem.field, plan.problem.message);`;
    expect(englishOnlyRefusals(join(ROOT, 'api', 'example.ts'), src).map((f) => f.replace(/^[^ ]+ /, ''))).toEqual([
      'No plan …',
      ' (the planned time)',
      'more than the line’s outstanding amount',
      'No such visit',
    ]);
  });
});
