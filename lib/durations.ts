/**
 * A duration in both languages as a label `[zh, en]`: `['30 天 4 小時', '30 d 4 h']`, `['0 秒', '0 s']` — what
 * the desk prints beside a bilingual label (`t.label(durationLabel(ms))` reads `30 天 4 小時 30 d 4 h`), so a
 * duration is never in one language only. Text with the duration inside puts each half in its own language.
 */
export function durationLabel(ms: number): readonly [zh: string, en: string] {
  return [formatDuration(ms, 'zh-Hant'), formatDuration(ms, 'en')];
}

/**
 * A duration as people read it, in one language: `30 天 4 小時` / `30 d 4 h`, `5 小時 12 分` / `5 h 12 min`,
 * `7 分` / `7 min`, `45 秒` / `45 s` (under a minute). Two units at most, rounded down. Used by the API
 * (audit timelines: a Temporal timer's length) and the desk (ages, stays in a step).
 */
export function formatDuration(ms: number, lang: 'zh-Hant' | 'en' = 'zh-Hant'): string {
  const zh = lang !== 'en';
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return zh ? `${total} 秒` : `${total} s`;
  const min = Math.floor(total / 60);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const [dd, hh, mm] = zh ? [' 天', ' 小時', ' 分'] : [' d', ' h', ' min'];
  if (d > 0) return `${d}${dd} ${h}${hh}`;
  if (h > 0) return `${h}${hh} ${m}${mm}`;
  return `${m}${mm}`;
}
