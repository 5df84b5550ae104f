/**
 * The e-mail of a notice, zh-Hant first with English beside: a greeting by the user's name, the notice's
 * own text, what kind of notice it is and which record it is about, and a no-reply footer. Plain text and
 * the same as escaped HTML.
 */
import { RECORD_TYPE_LABELS } from '../domain/record-types';
import type { OutgoingNotification } from './outbox';

/**
 * What each kind of notice is called in the mail, [zh-Hant, English]; unknown kinds are 通知 Notice.
 * Every kind a producer queues has its title here (test/unit/notice-mail.test.ts checks).
 */
export const KIND_TITLES: Record<string, [string, string]> = {
  step_overdue_reminder: ['逾期提醒', 'Overdue reminder'],
  step_overdue_escalation: ['逾期通知主管', 'Overdue escalation'],
  diary_reminder: ['成功日記提醒', 'Success diary reminder'],
  diary_missing: ['成功日記未提交', 'Success diary missing'],
  weekly_plan_reminder: ['周計劃提醒', 'Weekly plan reminder'],
  monthly_plan_reminder: ['月計劃與總結提醒', 'Monthly plan and summary reminder'],
  annual_plan_reminder: ['年度分析與計劃提醒', 'Annual analysis and plan reminder'],
  plan_overdue: ['計劃與總結逾期', 'Plan or summary overdue'],
  plan_overdue_escalation: ['計劃與總結逾期通知主管', 'Overdue plan escalated to the manager'],
  visit_reconfirm_due: ['訪問再確認提醒', 'Visit re-confirmation reminder'],
  collection_call_due: ['收款前致電提醒', 'Call before collection'],
  collection_case: ['異常收款案件通知', 'Collection case notice'],
  cost_accounting: ['成本核算通知', 'Cost accounting notice'],
  customer_delivery_notice: ['送貨通知', 'Delivery notice'],
  visit_follow_up: ['訪問跟進事項', 'Visit follow-up'],
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The mail of a user's notice: `{ subject, text, html }`. */
export function renderNoticeMail(n: OutgoingNotification): { subject: string; text: string; html: string } {
  const [kindZh, kindEn] = KIND_TITLES[n.kind] ?? ['通知', 'Notice'];
  // An unknown record type is named once, as its key (domain/record-types.ts names every known one).
  const record = RECORD_TYPE_LABELS[n.recordType]?.join(' ') ?? n.recordType;
  const name = n.recipientName ?? n.recipientId;
  const lines = [
    `${name} 您好 / Dear ${name},`,
    '',
    n.body,
    '',
    `類別 Kind：${kindZh} ${kindEn}`,
    `記錄 Record：${record} ${n.recordId}`,
    '',
    '—— freightflow 工作台自動通知，請勿直接回覆。',
    '—— An automatic notice of the freightflow desk; please do not reply.',
  ];
  const subject = n.subject.startsWith('[freightflow]') ? n.subject : `[freightflow] ${n.subject}`;
  const html = `<!doctype html><html lang="zh-Hant"><body>${lines
    .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : ''))
    .join('')}</body></html>`;
  return { subject, text: lines.join('\n'), html };
}
