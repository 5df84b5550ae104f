/**
 * Every refusal the API words itself — 403 forbidden, 404 not_found, 409 conflict, 422 unprocessable —
 * says why in zh-Hant with English beside (issue 11 try-out: 「記錄狀態不允許此操作」 then "A user 'sales'
 * already exists" left the reason itself in English). A source scan, with the TypeScript parser, of
 * `new AppError(code, message)`, the job machine's `refuse(kind, reason, message)`, an activity's
 * `fail(message, code)`, the receivables' `unprocessable(field, message)` and refusal objects
 * (`{ kind | type: code, message }`, `unmet: { reason, message }`): each string or template literal the
 * message is made of must hold a CJK character. A message built by a function (REFUSAL_TEXT,
 * machines/refusal-text.ts) is checked where that function's sentence is written, not where it is called.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/** The directories scanned (and api/*.ts at the top level, SCANNED_API_FILES). */
const SCANNED_DIRS = [
  'api/quotes',
  'api/tariffs',
  'api/tariff-changes',
  'api/customers',
  'api/jobs',
  'api/users',
  'api/delegations',
  'api/reference',
  'api/receivables',
  'api/collection-cases',
  'api/credit',
  'api/plans',
  'api/prospects',
  'api/visits',
  'api/diaries',
  'api/boards',
  'api/audit',
  'machines',
  'domain',
  'workflows',
  'activities',
  'db',
  'lib',
];

/** The refusals whose message people read as the reason (400s are named field by field by the desk). */
const REFUSAL_CODES = new Set(['forbidden', 'not_found', 'conflict', 'unprocessable']);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'migrations' ? [] : tsFiles(p);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [p] : [];
  });
}

const SCANNED_API_FILES = readdirSync(join(ROOT, 'api'))
  .filter((n) => n.endsWith('.ts'))
  .map((n) => join(ROOT, 'api', n));

/** The string literals an argument may evaluate to (undefined: a value computed elsewhere, not checked here). */
function literalTexts(node: ts.Expression): { text: string; node: ts.Node }[] | undefined {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalTexts(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, node }];
  if (ts.isTemplateExpression(node))
    return [{ text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…'), node }];
  if (ts.isConditionalExpression(node)) {
    const parts = [literalTexts(node.whenTrue), literalTexts(node.whenFalse)].filter(Boolean);
    return parts.length ? parts.flatMap((p) => p!) : undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const parts = [literalTexts(node.left), literalTexts(node.right)].filter(Boolean);
    return parts.length ? parts.flatMap((p) => p!) : undefined;
  }
  // `'…'.slice(0, 500)`: the receiver is the message.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
    return literalTexts(node.expression.expression);
  return undefined;
}

/** The error codes an argument may be (`'conflict'`, `base ? 'conflict' : 'not_found'`). */
function codesOf(node: ts.Expression | undefined): string[] {
  return node ? (literalTexts(node) ?? []).map((l) => l.text) : [];
}

interface Finding {
  where: string;
  text: string;
}

/** Every refusal message literal of `file` without a CJK character. */
export function englishOnlyRefusals(file: string, source = readFileSync(file, 'utf8')): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const check = (message: ts.Expression | undefined) => {
    if (!message) return;
    for (const l of literalTexts(message) ?? []) {
      if (!CJK.test(l.text) && /[A-Za-z]/.test(l.text)) {
        const { line } = sf.getLineAndCharacterOfPosition(l.node.getStart());
        out.push({ where: `${relative(ROOT, file)}:${line + 1}`, text: l.text });
      }
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') {
      const [code, message] = node.arguments ?? [];
      if (codesOf(code).some((c) => REFUSAL_CODES.has(c))) check(message);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'refuse') {
      const [code, , message] = node.arguments;
      if (codesOf(code).some((c) => REFUSAL_CODES.has(c))) check(message);
    }
    // The receivables' 422 helper `unprocessable(field, message)` (api/receivables/entries.ts).
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'unprocessable')
      check(node.arguments[1]);
    // An activity's `fail(message, type = 'unprocessable')` (activities/quotes.activities.ts).
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fail') {
      const [message, code] = node.arguments;
      if (!code || codesOf(code).some((c) => REFUSAL_CODES.has(c))) check(message);
    }
    if (ts.isObjectLiteralExpression(node)) {
      const prop = (name: string) =>
        node.properties.find(
          (p): p is ts.PropertyAssignment =>
            ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
        )?.initializer;
      const kind = prop('kind') ?? prop('type');
      const isUnmet =
        ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name) && node.parent.name.text === 'unmet';
      if (isUnmet || codesOf(kind).some((c) => REFUSAL_CODES.has(c))) check(prop('message'));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('refusals say why in zh-Hant with English beside', () => {
  it('no 403 / 404 / 409 / 422 message of the scanned directories is English only', () => {
    const files = [...SCANNED_DIRS.flatMap((d) => tsFiles(join(ROOT, d))), ...SCANNED_API_FILES];
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => englishOnlyRefusals(f));
    expect(found.map((f) => `${f.where}: ${f.text}`)).toEqual([]);
  });

  it('the scan sees each form of refusal, and lets a bilingual one pass', () => {
    const src = `
      throw new AppError('conflict', \`A user '\${id}' already exists\`);
      throw new AppError(base ? 'conflict' : 'not_found', 'No such version');
      throw new AppError('not_found', \`找不到使用者 \${id} No user \${id}\`);
      throw new AppError('bad_request', 'endsOn must not be before startsOn');
      throw new AppError('unprocessable', (err as Error)?.message ?? 'The step was refused');
      return refuse('conflict', 'wrong_state', 'No such open exception');
      throw fail(\`Tariff version \${n}: lines\`);
      throw fail('wrong payload', 'bad_request');
      const r = { kind: 'forbidden', reason: 'x', message: \`Role \${r} may not\` };
      const m = { unmet: { reason: 'no_lines', message: 'Add lines first' } };
      throw new AppError('forbidden', REFUSAL_TEXT.notOwner(step, owner, actor));
      throw unprocessable('amount', 'more than the line’s outstanding amount');
      throw unprocessable(plan.problem.field, plan.problem.message);`;
    expect(englishOnlyRefusals(join(ROOT, 'api', 'example.ts'), src).map((f) => f.text)).toEqual([
      "A user '…' already exists",
      'No such version',
      'The step was refused',
      'No such open exception',
      'Tariff version …: lines',
      'Role … may not',
      'Add lines first',
      'more than the line’s outstanding amount',
    ]);
  });
});
