/** Table columns the receivables lists share. */
import type { TableColumnType } from '../../components/DataTable';
import type { ReactNode } from 'react';
import { ActionBar, type LazyStepForms, type StepForm } from '../../actions/ActionBar';
import type { RecordAction } from '../../api/actions';
import { formatDateTime } from '../../format/dates';
import { Typography } from '../../components/Typography';
import type { useT } from '../../i18n';
import { CustomerLink } from '../../components/CustomerLink';

type T = ReturnType<typeof useT>;

/** The customer column: number and name (customerText), linked to the customer's ledger (`/desk/receivables/{customerNo}`). */
export function customerColumn<R extends { customerNo: string; customerName: string }>(t: T): TableColumnType<R> {
  return {
    title: t('客戶', 'Customer'),
    key: 'customer',
    render: (_, r) => <CustomerLink customerNo={r.customerNo} customerName={r.customerName} to="ledger" />,
  };
}

/**
 * The customer with their salesperson under it in one cell (`width` px), so a list fits a 1366 px window (issue 13):
 * the aging's customer rows and the collection schedule.
 */
export function customerOwnerColumn<R extends { customerNo: string; customerName: string; ownerName: string }>(
  t: T,
  width: number,
): TableColumnType<R> {
  const customer = customerColumn<R>(t);
  return {
    ...customer,
    title: t('客戶 / 業務員', 'Customer / Salesperson'),
    width,
    render: (node, r, i) => (
      <>
        {customer.render!(node, r, i)}
        <div>
          <Typography.Text type="secondary">{r.ownerName}</Typography.Text>
        </div>
      </>
    ),
  };
}

/**
 * The notes-and-resolution column of a worked case (a dispute, a balance difference): each note with its
 * time (in `businessTimeZone`, an IANA zone) and writer, then what `resolution(row)` renders (null: nothing).
 */
export function notesColumn<
  R extends { notes: { id: number; createdAt: string; writtenByName: string; note: string }[] },
>(t: T, businessTimeZone: string, resolution: (row: R) => ReactNode): TableColumnType<R> {
  return {
    title: t('備註與處理', 'Notes and resolution'),
    key: 'notes',
    render: (_, r) => (
      <div style={{ minWidth: 220 }}>
        {r.notes.map((n) => (
          <div key={n.id}>
            {formatDateTime(n.createdAt, businessTimeZone)} {n.writtenByName}：{n.note}
          </div>
        ))}
        {resolution(r)}
      </div>
    ),
  };
}

/**
 * The actions column: the row's `actions` as an ActionBar with the step forms `forms(row)` gives (or loads); `onDone`
 * runs after a step succeeds (refetch). A row with no actions shows nothing.
 */
export function actionBarColumn<R extends { actions: readonly RecordAction[] }>(
  t: T,
  forms: (row: R) => Record<string, StepForm> | LazyStepForms,
  onDone: () => void,
): TableColumnType<R> {
  return {
    title: t('操作', 'Actions'),
    key: 'actions',
    render: (_, r) => (r.actions.length ? <ActionBar actions={r.actions} forms={forms(r)} onDone={onDone} /> : null),
  };
}
