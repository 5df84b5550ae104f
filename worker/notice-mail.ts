/**
 * The e-mail of a notice, zh-Hant first with English beside: a greeting by the user's name, the notice's
 * own text, what kind of notice it is and which record it is about, and a no-reply footer. Plain text and
 * the same as escaped HTML.
 */
import type { OutgoingNotification } from './outbox';

/** What each kind of notice is called in the mail, [zh-Hant, English]; unknown kinds are 通知 Notice. */
const KIND_TITLES: Record<string, [string, string]> = {
  step_overdue_reminder: ['逾期提醒', 'Overdue reminder'],
  step_overdue_escalation: ['逾期通知主管', 'Overdue escalation'],
  diary_reminder: ['成功日記提醒', 'Success diary reminder'],
  diary_missing: ['成功日記未提交', 'Success diary missing'],
  weekly_plan_reminder: ['周計劃提醒', 'Weekly plan reminder'],
  monthly_plan_reminder: ['月計劃與總結提醒', 'Monthly plan and summary reminder'],
  annual_plan_reminder: ['年度分析與計劃提醒', 'Annual analysis and plan reminder'],
  plan_overdue: ['計劃與總結逾期', 'Plan or summary overdue'],
  plan_overdue_escalation: ['計劃與總結逾期通知主管', 'Overdue plan escalated to the manager'],
  visit_reconfirm: ['訪問再確認提醒', 'Visit re-confirmation reminder'],
  visit_follow_up: ['訪問跟進事項', 'Visit follow-up'],
};

const RECORD_TITLES: Record<string, [string, string]> = {
  quote: ['報價', 'quote'],
  job: ['作業', 'job'],
  diary: ['成功日記', 'success diary'],
  plan: ['計劃與總結', 'plan and summary'],
  visit: ['客戶訪問', 'customer visit'],
  reminder: ['提醒', 'reminder'],
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The mail of a user's notice: `{ subject, text, html }`. */
export function renderNoticeMail(n: OutgoingNotification): { subject: string; text: string; html: string } {
  const [kindZh, kindEn] = KIND_TITLES[n.kind] ?? ['通知', 'Notice'];
  const [recZh, recEn] = RECORD_TITLES[n.recordType] ?? [n.recordType, n.recordType];
  const name = n.recipientName ?? n.recipientId;
  const lines = [
    `${name} 您好 / Dear ${name},`,
    '',
    n.body,
    '',
    `類別 Kind：${kindZh} ${kindEn}`,
    `記錄 Record：${recZh} ${recEn} ${n.recordId}`,
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
