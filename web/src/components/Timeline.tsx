/**
 * A timeline in Ant Design's Timeline look, as plain elements (`<ol>` / `<li>`): `items` (`children`, `color` — blue
 * (default), green, red, gray or a CSS colour —, `key`), `style` and any HTML attribute (data-testid…). The subset of
 * antd's API the desk's histories use, for display only: antd's Timeline was ≈ 10 KB gzip on each route that drew a
 * history (issue 11). Styles: timeline.css; colours from theme.ts.
 */
import type { HTMLAttributes, Key, ReactNode } from 'react';
import { THEME } from '../theme';
import './timeline.css';

/** One entry of a timeline. */
export interface TimelineItem {
  key?: Key;
  color?: string;
  children?: ReactNode;
}

const PRESET: Record<string, string> = {
  blue: THEME.token.colorPrimary,
  green: THEME.token.colorSuccess,
  red: THEME.token.colorError,
  gray: 'rgba(0, 0, 0, 0.45)',
};

/** A vertical list of entries, each with its dot. */
export function Timeline({
  items,
  className,
  ...rest
}: { items: readonly TimelineItem[]; 'data-testid'?: string } & Omit<HTMLAttributes<HTMLOListElement>, 'children'>) {
  return (
    <ol {...rest} className={['desk-timeline', className].filter(Boolean).join(' ')}>
      {items.map((item, i) => (
        <li key={item.key ?? i} className="desk-timeline-item">
          <span
            className="desk-timeline-dot"
            aria-hidden="true"
            style={{ borderColor: PRESET[item.color ?? 'blue'] ?? item.color }}
          />
          <div className="desk-timeline-content">{item.children}</div>
        </li>
      ))}
    </ol>
  );
}
