/**
 * Headings and text in Ant Design's Typography look, as plain elements: `Typography.Title` (`level` 1–5 → h1–h5),
 * `Typography.Paragraph` (a div), `Typography.Text` (a span; `strong`, `code`); each with antd's `type`
 * (secondary / success / warning / danger — the theme's colours, theme.ts) and any HTML attribute (id, style,
 * data-testid…). The subset of antd's API the desk uses, without its copy / edit / ellipsis machinery (Tooltip,
 * TextArea, resize observers): ≈ 12 KB gzip less initial JS on every route (issue 11). Styles: typography.css.
 */
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';
import { THEME } from '../theme';
import './typography.css';

type TextType = 'secondary' | 'success' | 'warning' | 'danger';

const COLOR: Record<TextType, string> = {
  secondary: THEME.token.colorTextSecondary,
  success: THEME.token.colorSuccess,
  warning: THEME.token.colorWarning,
  danger: THEME.token.colorError,
};

interface Common extends Omit<HTMLAttributes<HTMLElement>, 'type'> {
  type?: TextType;
  children?: ReactNode;
  'data-testid'?: string;
}

const styled = (type: TextType | undefined, style: CSSProperties | undefined) =>
  type ? { color: COLOR[type], ...style } : style;

/** A heading h1–h5 (antd's sizes: 38, 30, 24, 20, 16 px), 600 weight, half a line below. */
function Title({ level = 1, type, style, className, ...rest }: Common & { level?: 1 | 2 | 3 | 4 | 5 }) {
  const H = `h${level}` as const;
  return <H {...rest} className={`desk-typography${className ? ` ${className}` : ''}`} style={styled(type, style)} />;
}

/** A paragraph (a block with a line's space below). */
function Paragraph({ type, style, className, ...rest }: Common) {
  return (
    <div
      {...rest}
      className={`desk-typography desk-paragraph${className ? ` ${className}` : ''}`}
      style={styled(type, style)}
    />
  );
}

/** Inline text; `strong` bold, `code` in antd's code box. */
function Text({
  type,
  style,
  className,
  strong,
  code,
  children,
  ...rest
}: Common & { strong?: boolean; code?: boolean }) {
  let inner = children;
  if (code) inner = <code>{inner}</code>;
  if (strong) inner = <strong>{inner}</strong>;
  return (
    <span {...rest} className={`desk-typography${className ? ` ${className}` : ''}`} style={styled(type, style)}>
      {inner}
    </span>
  );
}

/** Drop-in for the desk's uses of antd's `Typography` (see the module comment). */
export const Typography = { Title, Paragraph, Text };
