/**
 * The desk's table: a plain, accessible `<table>` with the subset of antd's Table API the desk's pages use —
 * columns (`title`, `dataIndex`, `key`, `render(value, row, index)`, `align`, `width`, `onCell` → `colSpan`,
 * `children` for a grouped header), `rowKey`, `dataSource`, `loading`, `size`, `locale.emptyText` (default
 * 「暫無資料 No data」), `expandable.expandedRowRender` (a row's detail under it, opened by its own button),
 * `summary` (rows of a `<tfoot>`), `scroll.x` (a minimum width, scrolled sideways in its own box) and
 * pagination — `false`, client-side pages (`pageSize`, default 10 as antd's), or a server's pages (`current`,
 * `total`, `onChange(page)`) — drawn as plain buttons, shown only when there is more than one page.
 *
 * Why not antd's Table: with its filters, sorters, selection and Pagination (→ Select) it is ≈ 97 KB gzip of
 * initial JS on every route that lists anything (issue 11, README "How it is built"); this is ≈ 3 KB. It draws
 * in antd's table look (desk-table.css) and keeps the hooks the desk relies on: each body row is a `<tr>` with
 * `data-row-key`, the wrapper `.desk-table-wrapper` (the wide-table rule of layout/desk.css), `aria-busy` and
 * antd's Spin while loading, antd's Empty for no rows.
 */
import { Empty, Spin } from 'antd';
import { Fragment, useState, type CSSProperties, type Key, type ReactNode } from 'react';
import { useT } from '../i18n';
import './desk-table.css';

/** One column (or, with `children`, a header group over its columns). */
export interface Column<T> {
  title?: ReactNode;
  /** React key of the column; defaults to `dataIndex`, then its position. */
  key?: Key;
  /** The row's field shown (and handed to `render` as its first argument). */
  dataIndex?: string;
  /** The cell's content: `(row[dataIndex], row, index on the page)`. Without it, the field as text. */
  // antd's signature: the value's type is the page's business (it annotates it where it uses it).
  render?: (value: any, row: T, index: number) => ReactNode;
  align?: 'left' | 'right' | 'center';
  /** Column width (px or CSS length). */
  width?: number | string;
  /** Per-cell spans: `colSpan` / `rowSpan` (0 = the cell is covered by a neighbour's span and not drawn). */
  onCell?: (row: T, index: number) => { colSpan?: number; rowSpan?: number };
  /** A header group: these columns under this title. */
  children?: Column<T>[];
}

/** antd's type names, so a page's column helpers read as before. */
export type TableColumnsType<T> = Column<T>[];
export type TableColumnType<T> = Column<T>;

/** Pages: client-side by default; with `total` larger than the rows given, the rows are the server's page. */
export interface Pagination {
  /** Page shown (1-based); uncontrolled when absent. */
  current?: number;
  /** Rows per page (default 10). */
  pageSize?: number;
  /** Rows in all pages (default: the rows given). */
  total?: number;
  /** Called with the page chosen. */
  onChange?: (page: number) => void;
  /** Accepted for antd compatibility: a single page never shows the pager. */
  hideOnSinglePage?: boolean;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  dataSource: readonly T[];
  /** The row's key field, or a function of the row; becomes the row's `data-row-key`. */
  rowKey: (keyof T & string) | ((row: T, index: number) => Key);
  loading?: boolean;
  /** Cell padding: small 8 px, middle 12 × 8 px, large 16 px (antd's). Default large. */
  size?: 'small' | 'middle' | 'large';
  pagination?: false | Pagination;
  locale?: { emptyText?: ReactNode };
  expandable?: { expandedRowRender: (row: T, index: number) => ReactNode };
  /** Rows of the table's footer (`<tr>`s), e.g. a total. */
  summary?: () => ReactNode;
  /** `x`: the table's minimum width (px); the table then scrolls sideways in its own box. */
  scroll?: { x?: number };
  style?: CSSProperties;
  className?: string;
  'data-testid'?: string;
  'aria-label'?: string;
}

const leaves = <T,>(cols: Column<T>[]): Column<T>[] =>
  cols.flatMap((c) => (c.children?.length ? leaves(c.children) : [c]));
const depth = <T,>(cols: Column<T>[]): number =>
  Math.max(1, ...cols.map((c) => (c.children?.length ? 1 + depth(c.children) : 1)));

/** The header's rows: a group spans its leaves; a leaf above the deepest level spans the rows below it. */
function headerRows<T>(cols: Column<T>[]): { col: Column<T>; colSpan: number; rowSpan: number }[][] {
  const total = depth(cols);
  const rows: { col: Column<T>; colSpan: number; rowSpan: number }[][] = Array.from({ length: total }, () => []);
  const walk = (cs: Column<T>[], level: number) => {
    for (const c of cs) {
      if (c.children?.length) {
        rows[level]!.push({ col: c, colSpan: leaves(c.children).length, rowSpan: 1 });
        walk(c.children, level + 1);
      } else rows[level]!.push({ col: c, colSpan: 1, rowSpan: total - level });
    }
  };
  walk(cols, 0);
  return rows;
}

const colKey = <T,>(c: Column<T>, i: number): Key => c.key ?? c.dataIndex ?? i;

/** Page numbers to offer: first, last, and two either side of the current one; `0` marks a gap. */
function pageList(current: number, count: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= count; p++) {
    if (p === 1 || p === count || Math.abs(p - current) <= 2) out.push(p);
    else if (out[out.length - 1] !== 0) out.push(0);
  }
  return out;
}

/** See the module comment. */
export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { columns, dataSource, rowKey, loading = false, size = 'large', pagination, locale, expandable } = props;
  const t = useT();
  const [ownPage, setOwnPage] = useState(1);
  const [open, setOpen] = useState<ReadonlySet<Key>>(new Set());
  const cols = leaves(columns);
  const span = cols.length + (expandable ? 1 : 0);
  const keyOf = (r: T, i: number): Key => (typeof rowKey === 'function' ? rowKey(r, i) : (r[rowKey] as Key));

  // antd's paging: the rows given are one page of the server's when fewer than `total` and no more than a page.
  let rows = dataSource;
  let pager: { current: number; count: number; go: (p: number) => void } | null = null;
  if (pagination !== false) {
    const pageSize = pagination?.pageSize ?? 10;
    const total = pagination?.total ?? dataSource.length;
    const count = Math.max(1, Math.ceil(total / pageSize));
    const current = Math.min(pagination?.current ?? ownPage, count);
    if (!(dataSource.length < total && dataSource.length <= pageSize))
      rows = dataSource.slice((current - 1) * pageSize, current * pageSize);
    if (count > 1)
      pager = {
        current,
        count,
        go: (p) => {
          if (pagination?.current === undefined) setOwnPage(p);
          pagination?.onChange?.(p);
        },
      };
  }

  const cellStyle = (c: Column<T>): CSSProperties | undefined =>
    c.align || c.width !== undefined ? { textAlign: c.align, width: c.width } : undefined;
  const summary = props.summary?.();

  return (
    <div
      className={`desk-table-wrapper desk-table-${size}${props.className ? ` ${props.className}` : ''}`}
      style={props.style}
      data-testid={props['data-testid']}
    >
      <Spin spinning={loading}>
        <div className="desk-table-scroll" style={props.scroll?.x ? { overflowX: 'auto' } : undefined}>
          <table
            className="desk-table"
            aria-busy={loading}
            aria-label={props['aria-label']}
            style={props.scroll?.x ? { minWidth: props.scroll.x } : undefined}
          >
            <thead>
              {headerRows(columns).map((hr, level) => (
                <tr key={level}>
                  {expandable && level === 0 && (
                    <th className="desk-table-expand-cell" rowSpan={depth(columns)} scope="col">
                      <span className="sr-only">{t('展開', 'Expand')}</span>
                    </th>
                  )}
                  {hr.map(({ col, colSpan, rowSpan }, i) => (
                    <th
                      key={colKey(col, i)}
                      scope={colSpan > 1 ? 'colgroup' : 'col'}
                      colSpan={colSpan > 1 ? colSpan : undefined}
                      rowSpan={rowSpan > 1 ? rowSpan : undefined}
                      style={colSpan > 1 ? { textAlign: 'center' } : cellStyle(col)}
                    >
                      {col.title}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr className="desk-table-placeholder">
                  <td colSpan={span}>
                    {locale?.emptyText ?? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暫無資料', 'No data')} />
                    )}
                  </td>
                </tr>
              ) : (
                rows.map((r, index) => {
                  const key = keyOf(r, index);
                  const expanded = open.has(key);
                  return (
                    <Fragment key={key}>
                      <tr className="desk-table-row" data-row-key={String(key)}>
                        {expandable && (
                          <td className="desk-table-expand-cell">
                            <button
                              type="button"
                              className={`desk-table-expand${expanded ? ' desk-table-expand-open' : ''}`}
                              aria-expanded={expanded}
                              aria-label={expanded ? t('收合行', 'Collapse row') : t('展開行', 'Expand row')}
                              onClick={() =>
                                setOpen((s) => {
                                  const n = new Set(s);
                                  if (n.has(key)) n.delete(key);
                                  else n.add(key);
                                  return n;
                                })
                              }
                            />
                          </td>
                        )}
                        {cols.map((c, i) => {
                          const cell = c.onCell?.(r, index);
                          if (cell?.colSpan === 0 || cell?.rowSpan === 0) return null;
                          const value = c.dataIndex ? (r as Record<string, unknown>)[c.dataIndex] : undefined;
                          return (
                            <td
                              key={colKey(c, i)}
                              colSpan={cell?.colSpan && cell.colSpan > 1 ? cell.colSpan : undefined}
                              rowSpan={cell?.rowSpan && cell.rowSpan > 1 ? cell.rowSpan : undefined}
                              style={cellStyle(c)}
                            >
                              {c.render ? c.render(value, r, index) : (value as ReactNode)}
                            </td>
                          );
                        })}
                      </tr>
                      {expandable && expanded && (
                        <tr className="desk-table-expanded-row">
                          <td colSpan={span}>{expandable.expandedRowRender(r, index)}</td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })
              )}
            </tbody>
            {summary ? <tfoot>{summary}</tfoot> : null}
          </table>
        </div>
      </Spin>
      {pager && (
        <nav className="desk-pager" aria-label={t('分頁', 'Pages')}>
          <button
            type="button"
            disabled={pager.current === 1}
            aria-label={t('上一頁', 'Previous page')}
            onClick={() => pager.go(pager.current - 1)}
          >
            ‹
          </button>
          {pageList(pager.current, pager.count).map((p, i) =>
            p === 0 ? (
              <span key={`gap${i}`} className="desk-pager-gap" aria-hidden>
                …
              </span>
            ) : (
              <button
                type="button"
                key={p}
                aria-current={p === pager.current ? 'page' : undefined}
                aria-label={t(`第 ${p} 頁`, `Page ${p}`)}
                onClick={() => pager.go(p)}
              >
                {p}
              </button>
            ),
          )}
          <button
            type="button"
            disabled={pager.current === pager.count}
            aria-label={t('下一頁', 'Next page')}
            onClick={() => pager.go(pager.current + 1)}
          >
            ›
          </button>
        </nav>
      )}
    </div>
  );
}
