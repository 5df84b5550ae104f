/**
 * New work for a customer by its cooperation status 「合作狀態」 (DOMAIN §3.3.4): a suspended 暫停 or terminated 終止
 * customer gets no new quote and no new job. Work already under way is not stopped: a job opened before the status
 * changed may take its remaining steps and be billed (the goods are in transit, the customer owes for them).
 * One rule, read by `POST /quotes` and `POST /jobs`.
 */
import { stateLabel } from './labels';

/** Statuses under which a customer gets no new quote or job. */
export const NO_NEW_WORK_STATUSES: readonly string[] = ['suspended', 'terminated'];

/**
 * Why the customer gets no new `what` in its status, in both languages (naming the customer and its status), or null
 * when it may. For a job the refusal says that jobs already under way may finish.
 */
export function newWorkRefusal(
  customer: { customer_no: string; full_name: string; status: string },
  what: 'quote' | 'job',
): string | null {
  if (!NO_NEW_WORK_STATUSES.includes(customer.status)) return null;
  const status = stateLabel('customer', customer.status) ?? { zh: customer.status, en: customer.status };
  const who = `${customer.customer_no} ${customer.full_name}`;
  return what === 'job'
    ? `客戶 ${who} 已「${status.zh}」，不能開立新作業；進行中的作業可完成 ` +
        `Customer ${who} is ${customer.status}: no new jobs; jobs already under way may finish`
    : `客戶 ${who} 已「${status.zh}」，不能新增報價 Customer ${who} is ${customer.status}: no new quotes`;
}
