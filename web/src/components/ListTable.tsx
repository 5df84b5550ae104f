/**
 * A list page's table (the receivables desk's statements, write-offs, balance uploads): the query's error if
 * it failed, then its `items` in a small unpaged table, rows keyed by `id`, that scrolls sideways inside a
 * region named `label` (TableScroll). `testId` is the table's data-testid.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Table, type TableColumnsType } from 'antd';
import { TableScroll } from './TableScroll';

export function ListTable<T extends { id: number }>({
  list,
  label,
  testId,
  columns,
}: {
  list: UseQueryResult<{ items: T[] }>;
  label: string;
  testId: string;
  columns: TableColumnsType<T>;
}) {
  return (
    <>
      {list.isError && <Alert type="error" title={String(list.error)} />}
      <TableScroll label={label}>
        <Table<T>
          data-testid={testId}
          rowKey="id"
          size="small"
          pagination={false}
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
        />
      </TableScroll>
    </>
  );
}
