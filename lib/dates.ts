/** The business calendar: dates are YYYY-MM-DD in the company's time zone (BUSINESS_TIMEZONE, default Asia/Shanghai). */
const zone = () => process.env.BUSINESS_TIMEZONE || 'Asia/Shanghai';

export function businessToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export const businessYear = (now: Date = new Date()): number => Number(businessToday(now).slice(0, 4));
