/**
 * Once per `vitest run`: obtain the Temporal CLI, start one dev server (search attributes registered)
 * and bundle the workflows. Each test file then brings its own database, task queue and id prefix.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../lib/temporal-cli';
import { bundleWorkflows } from '../../worker/worker';
import { SEARCH_ATTRIBUTES, TEMPORAL_SERVER_DYNAMIC_CONFIG } from '../../temporal.config';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

let env: TestWorkflowEnvironment | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The browser tests (test/web) drive the desk the API serves from web/dist: build it when stale.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/web-build.ts'], { stdio: 'inherit' });
  const path = await ensureTemporalCli();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: TEMPORAL_SERVER_DYNAMIC_CONFIG.flatMap((v) => ['--dynamic-config-value', v]),
    },
  });
  const bundle = await bundleWorkflows();
  const dir = join('.data', 'test');
  await mkdir(dir, { recursive: true });
  const bundlePath = join(dir, `workflow-bundle-${process.pid}.json`);
  await writeFile(bundlePath, JSON.stringify(bundle));
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', bundlePath);
}

export async function teardown(): Promise<void> {
  await env?.teardown();
}
