/**
 * Tabs in Ant Design's Tabs look, as plain elements with the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons
 * (the active one in the Tab order; ←/→, Home/End move between tabs and open them) over their `tabpanel`s. `items`
 * (`key`, `label`, `children`), `activeKey` / `onChange` (controlled) or `defaultActiveKey`. A panel once shown stays
 * drawn, hidden (its state kept), as antd's. The subset of antd's API the desk uses: antd's Tabs brings its overflow
 * menu and dropdown — ≈ 18 KB gzip on each route that drew tabs (issue 11). Styles: tabs.css.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

/** One tab: its key, its label (zh + en), its panel. */
export interface TabItem {
  key: string;
  label: ReactNode;
  children: ReactNode;
}

/** A row of tabs over the active tab's panel. */
export function Tabs({
  items,
  activeKey,
  defaultActiveKey,
  onChange,
}: {
  items: readonly TabItem[];
  activeKey?: string;
  defaultActiveKey?: string;
  onChange?: (key: string) => void;
}) {
  const id = useId();
  const [own, setOwn] = useState(defaultActiveKey ?? items[0]?.key);
  const active = activeKey ?? own;
  // Panels shown once (kept drawn, hidden) and the active one.
  const [visited, setVisited] = useState<readonly string[]>([]);
  const drawn = (key: string) => key === active || visited.includes(key);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const open = (key: string) => {
    if (active && !visited.includes(active)) setVisited([...visited, active]);
    if (activeKey === undefined) setOwn(key);
    if (key !== active) onChange?.(key);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = items.findIndex((it) => it.key === active);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const key = items[to]!.key;
    open(key);
    buttons.current.get(key)?.focus();
  };
  return (
    <div className="desk-tabs">
      <div role="tablist" className="desk-tabs-nav" onKeyDown={onKeyDown}>
        {items.map((it) => (
          <button
            key={it.key}
            ref={(el) => {
              if (el) buttons.current.set(it.key, el);
              else buttons.current.delete(it.key);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${it.key}`}
            aria-selected={it.key === active}
            aria-controls={`${id}-panel-${it.key}`}
            tabIndex={it.key === active ? 0 : -1}
            className={it.key === active ? 'desk-tabs-tab desk-tabs-tab-active' : 'desk-tabs-tab'}
            onClick={() => open(it.key)}
          >
            {it.label}
          </button>
        ))}
      </div>
      {items.map(
        (it) =>
          drawn(it.key) && (
            <div
              key={it.key}
              role="tabpanel"
              id={`${id}-panel-${it.key}`}
              aria-labelledby={`${id}-tab-${it.key}`}
              hidden={it.key !== active}
              className="desk-tabs-panel"
            >
              {it.children}
            </div>
          ),
      )}
    </div>
  );
}
