/**
 * How the desk names who acted — the one formatter of every history, decision line, "approved by" and inbox row:
 * the actor's name, and when a delegate acted, the user they acted for beside it:
 * 「何嘉欣 He Jiaxin（代 李建華 on behalf of Li Jianhua）」.
 */
import { splitLabels, type Label } from './labels';

/** The text function of `useT()` (its `t(zh, en)`). */
type T = (zh: string, en: string) => string;

/** A display name in its two languages: `'李建華 Li Jianhua'` → `['李建華', 'Li Jianhua']`; one language → both. */
export const nameParts = (name: string): Label => splitLabels({ name }).name;

/** 「代 李建華 on behalf of Li Jianhua」: the user a delegate acted for (`name`: display name, else the id). */
export function onBehalfText(t: T, name: string): string {
  const [zh, en] = nameParts(name);
  return t(`代 ${zh}`, `on behalf of ${en}`);
}

/**
 * Who acted: `actor` (display name, else id), and in full-width brackets whom they acted for when `onBehalfOf`
 * (display name, else id) is given — 「何嘉欣 He Jiaxin（代 李建華 on behalf of Li Jianhua）」; the name alone otherwise.
 */
export function actorText(t: T, actor: string, onBehalfOf?: string | null): string {
  return onBehalfOf ? `${actor}（${onBehalfText(t, onBehalfOf)}）` : actor;
}
