/**
 * The kinds of business date field (DateInput.tsx) and their formats: what the field shows and takes typed
 * (`shown`), and the string it holds — the API's and the URL's format (`value`).
 * - `date`: `YYYY-MM-DD`;
 * - `month`: `YYYY-MM`;
 * - `week`: an ISO week, held as its Monday `YYYY-MM-DD` and shown with its ISO week number beside;
 * - `datetime`: wall-clock time in the business time zone, shown `YYYY-MM-DD HH:mm`, held `YYYY-MM-DDTHH:mm`
 *   (no offset: the API reads it in the business time zone).
 */
export type DateKind = 'date' | 'month' | 'week' | 'datetime';

export const DATE_FORMATS: Record<DateKind, { shown: string; value: string }> = {
  date: { shown: 'YYYY-MM-DD', value: 'YYYY-MM-DD' },
  month: { shown: 'YYYY-MM', value: 'YYYY-MM' },
  week: { shown: 'YYYY-MM-DD', value: 'YYYY-MM-DD' },
  datetime: { shown: 'YYYY-MM-DD HH:mm', value: 'YYYY-MM-DDTHH:mm' },
};
