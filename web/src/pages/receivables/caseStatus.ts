/** A collection case's stage colours and who acts next on it (the case list and the case page). */
import type { paths } from '../../api/schema';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { useT } from '../../i18n';

type Case = paths['/collection-cases']['get']['responses']['200']['content']['application/json']['items'][number];

/** The colour of a case's stage tag. */
export const CASE_STATUS_COLORS: Record<Case['status'], string> = {
  awaiting_proposal: '#1f5fa8',
  escalated: '#ad4e00',
  pending_decision: '#6b3fa0',
  decided: '#237804',
  closed: 'default',
};

/**
 * Who acts next on a case: its salesperson by name, else the role; nobody on a decided case (it waits for the
 * money); null on a closed case, which has no next step (callers leave the line out).
 */
export function useNextActor() {
  const t = useT();
  return (c: Pick<Case, 'pendingRole' | 'ownerName' | 'ownerId' | 'status'>): string | null => {
    if (c.status === 'closed') return null;
    if (!c.pendingRole) return t('無（等待收款）', 'nobody (waiting for the money)');
    const role = t.label(labelOf(ROLE_LABELS, c.pendingRole));
    return c.pendingRole === 'sales' ? `${c.ownerName ?? c.ownerId} · ${role}` : role;
  };
}
