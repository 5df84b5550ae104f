/**
 * A duration as people read it, in both languages: `30 天 4 小時` / `30 d 4 h`, `5 小時 12 分` / `5 h 12 min`,
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
