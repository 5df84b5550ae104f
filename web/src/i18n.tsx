/**
 * Language of the desk: zh-Hant first with English beside (default), or English first. `useT()` gives
 * `t(zh, en)` → "待辦 Inbox" (zh mode) or "Inbox 待辦" (en mode); Ant Design's own texts follow the
 * same choice (zh_TW / en_US packs, see locale.ts). `t.stacked(zh, en)` puts the second language on a line of its
 * own — the header of a narrow column (a money column of a table that must fit a 1366 px window), whose text
 * still reads "zh en".
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Label } from './format/labels';

export type Lang = 'zh-Hant' | 'en';
export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'zh-Hant',
  setLang: () => {},
});

export function useT() {
  const { lang } = useContext(LangContext);
  const t = (zh: string, en: string) => (lang === 'en' ? `${en} ${zh}` : `${zh} ${en}`);
  const stacked = (zh: string, en: string): ReactNode => {
    const [first, second] = lang === 'en' ? [en, zh] : [zh, en];
    return (
      <>
        {first} <br />
        {second}
      </>
    );
  };
  return Object.assign(t, { label: (l: Label) => t(l[0], l[1]), stacked, lang });
}
