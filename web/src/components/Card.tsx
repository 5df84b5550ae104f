/**
 * A card in Ant Design's Card look, as plain elements: an optional head (`title`, `extra`), a body; `size`
 * small / default, `type="inner"` (a grey head, for a card inside a card), `hoverable` (a shadow on hover),
 * `loading` (a skeleton instead of the body) and any HTML attribute (data-testid, style, id…). A card with
 * `onClick` is a button for the keyboard too (focusable, Enter / Space). The subset of antd's API the desk
 * uses: antd's Card brings its Tabs (tab lists in the head) with Tabs' overflow menu and dropdown — ≈ 20 KB
 * gzip on every route that draws a card (issue 11). Styles: card.css; colours from theme.ts's greys.
 */
import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react';
import { Skeleton } from 'antd';
import './card.css';

/** The props the desk's cards use (antd Card's names). */
export interface CardProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  title?: ReactNode;
  extra?: ReactNode;
  size?: 'small' | 'default';
  type?: 'inner';
  hoverable?: boolean;
  loading?: boolean;
  children?: ReactNode;
  'data-testid'?: string;
}

/** A card: head (title, extra) over the body. */
export function Card({
  title,
  extra,
  size,
  type,
  hoverable,
  loading,
  className,
  children,
  onClick,
  onKeyDown,
  ...rest
}: CardProps) {
  const classes = [
    'desk-card',
    size === 'small' && 'desk-card-small',
    type === 'inner' && 'desk-card-inner',
    (hoverable || onClick) && 'desk-card-hoverable',
    className,
  ]
    .filter(Boolean)
    .join(' ');
  const button = onClick
    ? {
        role: 'button',
        tabIndex: 0,
        onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
          onKeyDown?.(e);
          if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            e.currentTarget.click();
          }
        },
      }
    : { onKeyDown };
  return (
    <div {...button} {...rest} onClick={onClick} className={classes}>
      {(title != null || extra != null) && (
        <div className="desk-card-head">
          <div className="desk-card-head-title">{title}</div>
          {extra != null && <div className="desk-card-extra">{extra}</div>}
        </div>
      )}
      <div className="desk-card-body">{loading ? <Skeleton active /> : children}</div>
    </div>
  );
}
