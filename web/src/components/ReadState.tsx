/**
 * The desk's one way of showing a read that has not answered yet, and its failure: every page uses it so that
 * no page is blank (or shows an empty record, an empty day or a count of 0) while its read is on the way.
 * - `Loading`: a spinner with 「載入中 Loading…」, `role="status"` and `aria-busy="true"` (a screen reader hears it);
 * - `PageLoading`: a whole page whose record is not here yet — its title (the kind of record: 計劃與總結 Plan and
 *   summary) above `Loading`;
 * - `ReadState`: what stands in for one read's result where the result will be drawn — the error state
 *   (ErrorState, compact or the whole page) when the read failed, `Loading` until it answers, nothing once the data
 *   is here or while the read is off (a disabled query: `isLoading` is false then).
 * Lists drawn by DataTable show their own spinner (`aria-busy` on the table) and need none of these.
 */
import { Spin } from 'antd';
import type { Label } from '../format/labels';
import { useT } from '../i18n';
import { ErrorState } from './ErrorState';
import { Typography } from './Typography';

/** The read a page waits for: the subset of a react-query result this module reads. */
export interface Read {
  isLoading: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A spinner saying 載入中 Loading…, as a status (role=status, aria-busy) for assistive technology. */
export function Loading() {
  const t = useT();
  return (
    <div
      role="status"
      aria-busy="true"
      aria-live="polite"
      data-testid="loading"
      style={{ padding: '32px 0', textAlign: 'center' }}
    >
      <Spin />
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('載入中…', 'Loading…')}</Typography.Text>
      </div>
    </div>
  );
}

/** A page whose record has not been read yet: the title (`title`, bilingual) and `Loading`. */
export function PageLoading({ title }: { title: Label }) {
  const t = useT();
  return (
    <section aria-busy="true">
      <Typography.Title level={2} style={{ fontSize: 22 }}>
        {t.label(title)}
      </Typography.Title>
      <Loading />
    </section>
  );
}

/**
 * The error state of `read` when it failed (`compact`: one line, else the whole page; `title` names what was not
 * found), `Loading` while it has not answered, else nothing (see the module).
 */
export function ReadState({ read, compact, title }: { read: Read; compact?: boolean; title?: Label }) {
  if (read.isError)
    return <ErrorState compact={compact} error={read.error} title={title} onRetry={() => void read.refetch()} />;
  if (read.isLoading) return <Loading />;
  return null;
}
