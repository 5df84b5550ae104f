/** How long records sat in each step, from their transitions (audit rows with a to-state). */

export interface Transition {
  recordId: string;
  at: Date;
  toState: string;
}

export interface StepStay {
  recordId: string;
  step: string;
  enteredAt: string;
  leftAt: string | null;
  ms: number;
  open: boolean;
}

/** Stays per record: a state entered at one transition and left at the next that changes state. */
export function stepStays(transitions: Transition[], now: Date = new Date()): StepStay[] {
  const stays: StepStay[] = [];
  const byRecord = new Map<string, Transition[]>();
  for (const t of transitions) byRecord.set(t.recordId, [...(byRecord.get(t.recordId) ?? []), t]);
  for (const [recordId, ts] of byRecord) {
    let current: Transition | undefined;
    for (const t of ts) {
      if (current && t.toState === current.toState) continue; // a step inside the same state (e.g. an edit)
      if (current)
        stays.push({
          recordId,
          step: current.toState,
          enteredAt: current.at.toISOString(),
          leftAt: t.at.toISOString(),
          ms: t.at.getTime() - current.at.getTime(),
          open: false,
        });
      current = t;
    }
    if (current)
      stays.push({
        recordId,
        step: current.toState,
        enteredAt: current.at.toISOString(),
        leftAt: null,
        ms: now.getTime() - current.at.getTime(),
        open: true,
      });
  }
  return stays;
}

export interface StepStats {
  step: string;
  completed: number;
  open: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;

/** Per step across records: completed stays' average, median, 95th percentile and maximum; open stays counted apart. */
export function stepStats(stays: StepStay[]): StepStats[] {
  const steps = new Map<string, StepStay[]>();
  for (const s of stays) steps.set(s.step, [...(steps.get(s.step) ?? []), s]);
  return [...steps].map(([step, list]) => {
    const done = list
      .filter((s) => !s.open)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    return {
      step,
      completed: done.length,
      open: list.length - done.length,
      avgMs: done.length ? Math.round(done.reduce((a, b) => a + b, 0) / done.length) : null,
      p50Ms: done.length ? pct(done, 50) : null,
      p95Ms: done.length ? pct(done, 95) : null,
      maxMs: done.length ? done[done.length - 1]! : null,
    };
  });
}
