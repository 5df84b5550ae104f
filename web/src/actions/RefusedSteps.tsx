/**
 * The steps a rule refuses now, written on the page under the step buttons with each one's reason (「不可辦理 Not
 * available: 放行 Released (有未結異常 open exception)」) — not only in a hover tooltip, which keyboard and touch
 * users never see. The quote page's ActionBar and the job page draw the same list.
 */
import type { RecordAction } from '../api/actions';
import { REASON_LABELS } from '../api/errors';
import { Typography } from '../components/Typography';
import { useT } from '../i18n';

/**
 * The refused ones of `actions` (`allowed: false`) with their reasons, or nothing when none is refused.
 * `labelOf` names a step (default: its label); a reason code without a label is shown as sent.
 */
export function RefusedSteps<A extends RecordAction>({
  actions,
  labelOf,
}: {
  actions: readonly A[];
  labelOf?: (a: A) => string;
}) {
  const t = useT();
  const refused = actions.filter((a) => !a.allowed);
  if (!refused.length) return null;
  const label = labelOf ?? ((a: A) => t(a.labelZh, a.labelEn));
  return (
    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="refused-steps">
      {t('不可辦理', 'Not available')}:{' '}
      {refused.map((a, i) => {
        const why = a.reason ? REASON_LABELS[a.reason] : undefined;
        return (
          <span key={`${a.step}:${i}`}>
            {i > 0 && '；'}
            {label(a)}
            {a.reason && ` (${why ? t.label(why) : a.reason})`}
          </span>
        );
      })}
    </Typography.Paragraph>
  );
}
