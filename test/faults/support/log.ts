/** A small progress logger to stderr, so a long fault scenario shows where it is. */
const started = Date.now();

export function progress(scenario: string, message: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[faults ${t}s] ${scenario}: ${message}\n`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export const shortId = () => Math.random().toString(36).slice(2, 8);
