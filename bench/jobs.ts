/**
 * Shipment jobs under load: each virtual user opens jobs on contracts signed during the quote phase and
 * follows each through every stage over HTTP (the step the job says it waits for, by its role; the
 * per-container transport steps container by container). Every step is timed; nothing is asserted.
 */
import { upsertUser } from '../db/user.repository';
import { mintToken } from '../lib/tokens';
import type { Role } from '../machines/roles';
import type { HttpClient } from './http';
import type { Seeded } from './seed';
import type { Stack } from './stack';
import { summarize, type Summary } from './stats';

export interface JobFigures {
  users: number;
  seconds: number;
  jobsOpened: number;
  jobsCompleted: number;
  steps: number;
  stepsPerSecond: number;
  overall: Summary;
  open: Summary;
  errors: number;
  /** The errors by request and answer, e.g. `open 422 validation` → 2 (what went wrong, not only how often). */
  errorKinds: Record<string, number>;
}

const BACK_OFFICE: Role[] = ['finance', 'ocean', 'customs', 'operations', 'dispatch', 'warehouse'];

export async function runJobs(
  stack: Stack,
  http: HttpClient,
  seeded: Seeded,
  /** Signed contracts: number, salesperson, and a container type the contract prices. */
  contracts: { contractNo: string; sales: string; containerType: string }[],
  users: number,
  seconds: number,
  log: (m: string) => void,
): Promise<JobFigures> {
  const tokenOf = new Map<string, string>(seeded.tokens);
  for (const role of BACK_OFFICE) {
    const id = `bench-${role}`;
    await upsertUser(stack.db.db, { id, display_name: `Bench ${role}`, role, manager_id: null });
    tokenOf.set(role, await mintToken(stack.appConfig.jwt, id, 12 * 3600));
  }
  tokenOf.set('settlement', seeded.tokens.get(seeded.cast.settlement)!);
  const stepMs: number[] = [];
  const openMs: number[] = [];
  let opened = 0;
  let completed = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const failed = (what: string, r: { status: number; body: unknown }) => {
    errors += 1;
    const code = (r.body as { code?: string } | null)?.code ?? '';
    const kind = `${what} ${r.status} ${code}`.trim();
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const end = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (Date.now() < end && contracts.length > 0) {
        const c = contracts[next++ % contracts.length]!;
        const created = await http.request('POST', '/jobs', {
          token: seeded.tokens.get(c.sales)!,
          body: {
            contractNo: c.contractNo,
            direction: 'import',
            containers: { type: c.containerType, count: 2 },
            cargo: 'bench cargo',
            portOfLoading: 'Los Angeles',
            portOfDischarge: 'Yantian',
          },
        });
        if (created.status !== 201) {
          failed('open', created);
          continue;
        }
        opened += 1;
        openMs.push(created.ms);
        let job = created.body as {
          jobNo: string;
          status: string;
          waiting: { step: string; roles: string[]; container?: string }[];
        };
        while (job.status !== 'completed' && Date.now() < end) {
          const w = job.waiting[0];
          if (!w) break;
          const token = tokenOf.get(w.roles[0]!);
          const r = await http.request('POST', `/jobs/${job.jobNo}/steps/${w.step}`, {
            token: token!,
            body: w.container ? { container: w.container } : {},
          });
          if (r.status !== 200) {
            failed(w.step, r);
            break;
          }
          stepMs.push(r.ms);
          job = r.body;
        }
        if (job.status === 'completed') completed += 1;
      }
    }),
  );
  const figures = {
    users,
    seconds,
    jobsOpened: opened,
    jobsCompleted: completed,
    steps: stepMs.length,
    stepsPerSecond: Math.round((stepMs.length / seconds) * 10) / 10,
    overall: summarize(stepMs),
    open: summarize(openMs),
    errors,
    errorKinds,
  };
  log(
    `  ${figures.jobsOpened} jobs opened, ${figures.jobsCompleted} completed, ${figures.stepsPerSecond} steps/s, step p50 ${figures.overall.p50} ms, p99 ${figures.overall.p99} ms, ${errors} errors${errorList(errorKinds)}`,
  );
  return figures;
}

/** ` (open 422 validation ×2, …)` for a non-empty error tally, else nothing. */
export const errorList = (kinds: Record<string, number> | undefined): string =>
  kinds && Object.keys(kinds).length
    ? ` (${Object.entries(kinds)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')})`
    : '';
