/**
 * A list page's table (the receivables desk's statements, write-offs, balance uploads; the visit reports): the
 * query's error if it failed, then its rows in a small unpaged table that scrolls sideways inside a region named
 * `label` (TableScroll). `testId` is the table's data-testid. The rows are the answer's `items`, keyed by `id`,
 * unless `rows` picks them and `rowKey` names their key; `expandable` is antd's (a row's detail under it).
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from './ErrorState';
import { DataTable, type TableColumnsType, type DataTableProps as TableProps } from './DataTable';
import { TableScroll } from './TableScroll';

export function ListTable<T extends object, D = { items: T[] }>({
  list,
  rows = (d: D) => (d as { items: T[] }).items,
  rowKey = 'id' as keyof T & string,
  label,
  testId,
  columns,
  expandable,
}: {
  list: UseQueryResult<D>;
  rows?: (data: D) => T[];
  rowKey?: keyof T & string;
  label: string;
  testId: string;
  columns: TableColumnsType<T>;
  expandable?: TableProps<T>['expandable'];
}) {
  return (
    <>
      {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
      <TableScroll label={label}>
        <DataTable<T>
          data-testid={testId}
          rowKey={rowKey}
          size="small"
          pagination={false}
          loading={list.isLoading}
          dataSource={list.data ? rows(list.data) : []}
          columns={columns}
          {...(expandable ? { expandable } : {})}
        />
      </TableScroll>
    </>
  );
}
