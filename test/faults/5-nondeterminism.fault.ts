/**
 * Fault 5: a workflow code change that would break running workflows. Two variants of
 * workflows/tariff.workflow.ts wait one extra timer before their first activity — one plainly, one
 * behind `patched('fault-suite-probe')` — and each is replayed over test/histories/tariff-locked.json
 * as the replay test does: the plain change must fail with a nondeterminism error, the patched one pass.
 * This proves the replay test catches what it is there to catch.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { dataConverterFor } from '../../lib/payload-codec';
import { readTemporalConfig } from '../../temporal.config';
import { progress, shortId } from './support/log';

const NAME = 'nondeterminism';
const root = process.cwd();
const workflowsDir = join(root, 'workflows');
const workDir = join(root, '.data', 'test', `faults-replay-${process.pid}-${shortId()}`);
const HISTORY = 'test/histories/tariff-locked.json';
/** Where the extra step goes: right before the tariff workflow's first activity. */
const ANCHOR = 'await acts.recordTariffDraft({';

afterAll(async () => rm(workDir, { recursive: true, force: true }));

/** Relative imports of a file in workflows/ rewritten to absolute paths, so the copy may live elsewhere. */
const absoluteImports = (source: string) =>
  source.replace(/from '(\.\.?\/[^']+)'/g, (_m, rel: string) => `from '${resolve(workflowsDir, rel)}'`);

async function variantBundle(kind: 'plain' | 'patched') {
  const source = await readFile(join(workflowsDir, 'tariff.workflow.ts'), 'utf8');
  const at = source.indexOf(ANCHOR);
  if (at < 0)
    throw new Error(
      `workflows/tariff.workflow.ts no longer contains \`${ANCHOR}\`: point ANCHOR at its first activity call`,
    );
  const probe =
    kind === 'plain'
      ? `await faultProbeSleep('1 ms');\n    `
      : `if (faultProbePatched('fault-suite-probe')) await faultProbeSleep('1 ms');\n    `;
  const variant =
    `import { patched as faultProbePatched, sleep as faultProbeSleep } from '@temporalio/workflow';\n` +
    absoluteImports(source.slice(0, at) + probe + source.slice(at));
  const variantPath = join(workDir, `tariff.workflow.${kind}.ts`);
  await writeFile(variantPath, variant);
  // The real index, with the tariff workflow taken from the variant and everything else from workflows/.
  const index = (await readFile(join(workflowsDir, 'index.ts'), 'utf8')).replace(
    /from '\.\/tariff\.workflow'/,
    `from '${variantPath.replace(/\.ts$/, '')}'`,
  );
  if (!index.includes(variantPath.replace(/\.ts$/, '')))
    throw new Error("workflows/index.ts no longer exports tariffWorkflow from './tariff.workflow'");
  const indexPath = join(workDir, `index.${kind}.ts`);
  await writeFile(indexPath, absoluteImports(index));
  const quiet = {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (m: string) => progress(NAME, m),
  };
  return bundleWorkflowCode({ workflowsPath: indexPath, logger: quiet });
}

async function replay(kind: 'plain' | 'patched'): Promise<(Error | undefined)[]> {
  const workflowBundle = await variantBundle(kind);
  const history = historyFromJSON(JSON.parse(await readFile(HISTORY, 'utf8')));
  // The same data converter as the replay test and the worker (payload encryption, when configured).
  const dataConverter = dataConverterFor(readTemporalConfig());
  const errors: (Error | undefined)[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter }, [
    { workflowId: 'tariff-locked', history },
  ])) {
    errors.push(result.error);
  }
  return errors;
}

/** One line per replay result: the core's nondeterminism message when there is one. */
const outcome = (e: Error | undefined) =>
  e ? `${e.name}: ${/\[TMPRL1100\][^"]*/.exec(e.message)?.[0] ?? e.message.slice(0, 200)}` : 'replayed cleanly';

describe('fault: a workflow change without patched() is caught by replay', () => {
  it('the plain change fails replay of tariff-locked.json with a nondeterminism error; the patched one replays cleanly', async () => {
    const started = Date.now();
    await mkdir(workDir, { recursive: true });
    const plain = await replay('plain');
    progress(NAME, `plain variant: ${plain.map(outcome).join('; ')}`);
    const patched = await replay('patched');
    progress(
      NAME,
      `patched variant: ${patched.map(outcome).join('; ')}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    expect(plain).toHaveLength(1);
    expect(plain[0]?.name).toBe('DeterminismViolationError');
    expect(plain[0]?.message).toMatch(/nondetermin/i);
    expect(patched).toEqual([undefined]);
  }, 180_000);
});
