/**
 * The banner at the top of a record that was returned (any `*.returned` step of its history: a quote's price,
 * commerce, budget or contract return, a tariff, a plan): who returned it and when (and for whom), their
 * comment, and what happens next — the caller's own open steps by their labels, else whose turn it is. Shown
 * while the return is the record's last change of state: revising a returned draft keeps it, resubmitting
 * ends it. A returned record no longer looks like a plain draft with the reason at the bottom of the history.
 */
import { Alert } from 'antd';
import type { RecordAction } from '../api/actions';
import { useConfig } from '../config';
import { formatDateTime } from '../format/dates';
import { labelOf, ROLE_LABELS } from '../format/labels';
import { useT } from '../i18n';
import { actorText } from '../format/actor';

/** The history fields the banner reads (every record's history entry has them, api/history.ts). */
export interface ReturnableHistoryEntry {
  at: string;
  action: string;
  actionLabel: { zh: string; en: string };
  actorId: string;
  actorName?: string | null;
  actorRole: string;
  onBehalfOf?: string | null;
  onBehalfOfName?: string | null;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
}

/** The return the record is in now: the last change of state when it is a `*.returned` step, else undefined. */
export function currentReturn<H extends ReturnableHistoryEntry>(history: readonly H[]): H | undefined {
  const last = [...history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .reverse()
    .find((h) => h.fromState !== h.toState && h.toState != null);
  return last && last.action.endsWith('.returned') ? last : undefined;
}

export function ReturnedBanner({
  history,
  actions,
  pendingRole,
}: {
  history: readonly ReturnableHistoryEntry[];
  actions?: readonly RecordAction[];
  pendingRole?: string | null;
}) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const r = currentReturn(history);
  if (!r) return null;
  const who = `${actorText(t, r.actorName ?? r.actorId, r.onBehalfOf && (r.onBehalfOfName ?? r.onBehalfOf))} · ${t.label(labelOf(ROLE_LABELS, r.actorRole))}`;
  const mine = (actions ?? []).filter((a) => a.allowed);
  const next = mine.length
    ? t(
        `請依意見修改後再送出：${mine.map((a) => a.labelZh).join('、')}`,
        `Revise as asked, then send it on: ${mine.map((a) => a.labelEn).join(', ')}`,
      )
    : pendingRole
      ? t(
          `等待「${labelOf(ROLE_LABELS, pendingRole)[0]}」依意見修改後再送出`,
          `Waiting for ${labelOf(ROLE_LABELS, pendingRole)[1]} to revise it as asked and send it on`,
        )
      : t('等待經辦人依意見修改後再送出', 'Waiting for its author to revise it as asked and send it on');
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      style={{ marginBottom: 12 }}
      data-testid="returned-banner"
      title={
        <span>
          <strong>{t('已退回', 'Returned')}</strong> · {who} · {formatDateTime(r.at, businessTimeZone)}
        </span>
      }
      description={
        <>
          {r.comment && (
            <blockquote data-testid="returned-comment" style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>
              {t('意見', 'Comment')}: {r.comment}
            </blockquote>
          )}
          {next && <div data-testid="returned-next">{next}</div>}
        </>
      }
    />
  );
}
