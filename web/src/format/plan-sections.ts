/**
 * The free-text sections of each plan kind (api/plans/schemas.ts PLAN_SECTIONS), zh-Hant and English: the plan
 * screens' section headings and, by key, the fields an API error names (api/errors.ts FIELD_LABELS). A small module
 * of its own so the shell's error texts read it without pulling in a plan page.
 */
import type { paths } from '../api/schema';

/** `weekly` | `monthly` | `annual` (the API's plan kinds). */
export type PlanKind = paths['/plans/{planId}']['get']['responses']['200']['content']['application/json']['kind'];

/** Each kind's sections in the order the forms show them: `[key, zh, en]`. */
export const SECTION_LABELS: Record<PlanKind, [key: string, zh: string, en: string][]> = {
  weekly: [
    ['workDone', '本周工作總結', 'Work done this week'],
    ['businessDevelopment', '業務開發', 'Business development'],
    ['receivables', '應收帳款', 'Receivables'],
    ['exceptions', '異常處理', 'Exceptions'],
    ['nextWeekPlan', '下周計劃', 'Next week’s plan'],
  ],
  monthly: [
    ['targetBreakdown', '目標分解', 'Target breakdown'],
    ['marketAnalysis', '市場分析', 'Market analysis'],
    ['volumeBudget', '柜量預算', 'Volume budget'],
    ['receivablesPlan', '應收帳款計劃', 'Receivables plan'],
    ['exceptionPlan', '異常處理計劃', 'Exception plan'],
    ['nextMonthPlan', '下月計劃', 'Next month’s plan'],
  ],
  annual: [
    ['analysis', '年度分析', 'Annual analysis'],
    ['targetPlan', '目標計劃', 'Target plan'],
    ['agenda', '工作安排', 'Agenda'],
  ],
};
