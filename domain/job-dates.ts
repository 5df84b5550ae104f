/**
 * The dates a job step plans — 安排送貨 Delivery arranged's delivery date, 安排裝貨 Loading arranged's loading
 * time — lie today or later (business time zone): a plan for a day gone by queues the customer's notice for a
 * day past and never shows on the day's boards. One rule for the API (422 naming the field) and the desk's forms.
 * (The steps' actual times — arrived, unloaded — are the server's clock when recorded, never typed.)
 */

/** The step facts that are planned dates or date-times (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, business time). */
export const PLANNED_DATE_FACTS = ['deliveryDate', 'loadingTime'] as const;

/**
 * What is wrong with a planned day, or null: `day` is the business date planned (`YYYY-MM-DD`, a date-time's
 * date part), `today` the business date today.
 */
export function plannedDateProblem(day: string, today: string): string | null {
  return day.slice(0, 10) < today ? `must not be before today (${today})` : null;
}
