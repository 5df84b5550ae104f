/**
 * `npm run test:faults`: the fault-injection scenarios of test/faults/ (worker crash, Temporal and
 * PostgreSQL outages, duplicate and concurrent steps, a nondeterministic workflow change). Their files
 * end in `.fault.ts`, so `npm test` does not pick them up. They run one file at a time, in name order:
 * a scenario stops shared servers, and each wants both cores while it does.
 */
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    // Environment check first: DATABASE_URL, FAULTS_PG_STOP and FAULTS_PG_START are required.
    globalSetup: ['test/faults/support/check-env.ts', 'test/support/global-setup.ts'],
    setupFiles: ['test/support/quiet-runtime.ts'],
    include: ['test/faults/**/*.fault.ts'],
    testTimeout: 480_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { sequencer: ByName },
    reporters: ['default'],
  },
});
