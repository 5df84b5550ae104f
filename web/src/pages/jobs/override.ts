/**
 * A stage step a manager completed by override 「強制」 past open exceptions: the API records `changes.override` on the
 * step's timeline row (activities/jobs.activities.ts); the exceptions it went past are the stage's exceptions raised
 * before the step and not resolved by then.
 */

/** The ids of the exceptions of `stage` open at `at` (raised by then, not yet resolved). */
export function exceptionsOpenAt(
  exceptions: readonly { id: number; stage: string; raisedAt: string; resolvedAt: string | null }[],
  stage: string,
  at: string,
): number[] {
  const t = Date.parse(at);
  return exceptions
    .filter((x) => x.stage === stage && Date.parse(x.raisedAt) <= t && (!x.resolvedAt || Date.parse(x.resolvedAt) > t))
    .map((x) => x.id);
}

/**
 * What a timeline row completed by override went past, in both languages (the page shows it after a 強制 Override
 * tag: 「強制 Override — 越過未結異常 #1 past open exception #1」), or null for a row that was not an override.
 */
export function overridePast(
  changes: Record<string, unknown> | null | undefined,
  openIds: readonly number[],
): { zh: string; en: string } | null {
  if (!changes?.override) return null;
  const ids = openIds.map((id) => `#${id}`).join(', ');
  if (!ids) return { zh: '越過未結異常', en: 'past an open exception' };
  return { zh: `越過未結異常 ${ids}`, en: `past open exception${openIds.length > 1 ? 's' : ''} ${ids}` };
}
