/**
 * A list in Ant Design's List look, as plain elements (`<ul>` / `<li>`): `dataSource` drawn by `renderItem`,
 * `size` small / default, `loading` (a skeleton), `locale.emptyText` (default 無資料 No data), any HTML attribute
 * (data-testid…); `List.Item` with `actions` on the right, `List.Item.Meta` with `title` and `description`. The
 * subset of antd's API the desk uses: antd's List brings its Pagination, and with it Select (its page-size
 * changer) — ≈ 35 KB gzip on every route that drew a list (issue 11). Styles: list.css.
 */
import { Fragment, type HTMLAttributes, type ReactNode } from 'react';
import { Skeleton } from 'antd';
import { useT } from '../i18n';
import './list.css';

/** The props the desk's lists use (antd List's names). */
export interface ListProps<T> extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  size?: 'small' | 'default';
  loading?: boolean;
  locale?: { emptyText?: ReactNode };
  'data-testid'?: string;
}

/** A list of items, or its empty text. */
export function List<T>({ dataSource, renderItem, size, loading, locale, className, ...rest }: ListProps<T>) {
  const t = useT();
  const classes = ['desk-list', size === 'small' && 'desk-list-small', className].filter(Boolean).join(' ');
  return (
    <div {...rest} className={classes} aria-busy={loading || undefined}>
      {loading ? (
        <Skeleton active />
      ) : dataSource.length === 0 ? (
        <div className="desk-list-empty">{locale?.emptyText ?? t('無資料', 'No data')}</div>
      ) : (
        <ul className="desk-list-items">
          {dataSource.map((item, i) => (
            <Fragment key={i}>{renderItem(item, i)}</Fragment>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One item: its content, and `actions` (buttons, links) on the right. */
function ListItem({
  actions,
  children,
  className,
  ...rest
}: HTMLAttributes<HTMLLIElement> & { actions?: ReactNode[]; 'data-testid'?: string }) {
  return (
    <li {...rest} className={['desk-list-item', className].filter(Boolean).join(' ')}>
      {children}
      {actions && actions.length > 0 && (
        <ul className="desk-list-item-action">
          {actions.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** An item's title over its description. */
function ListItemMeta({ title, description }: { title?: ReactNode; description?: ReactNode }) {
  return (
    <div className="desk-list-item-meta">
      {title != null && <div className="desk-list-item-meta-title">{title}</div>}
      {description != null && <div className="desk-list-item-meta-description">{description}</div>}
    </div>
  );
}

ListItem.Meta = ListItemMeta;
List.Item = ListItem;
