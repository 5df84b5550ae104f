/**
 * Business date fields: antd's DatePicker in the business formats (dateKinds.ts; whatever the browser's
 * locale would show a native `<input type=date>` as), holding the value as the API's string — so they
 * drop into a Form.Item or a `value`/`onChange` pair like a text input. Typing works as well as picking; a
 * typed value not in the format is named under the field (zh + en) and changes nothing.
 * - `DateInput`: `YYYY-MM-DD` (or another `kind`);
 * - `MonthInput`: `YYYY-MM`;
 * - `WeekInput`: an ISO week, held as its Monday `YYYY-MM-DD`, its week number shown beside;
 * - `DateTimeInput`: shown `YYYY-MM-DD HH:mm`, held `YYYY-MM-DDTHH:mm`, wall-clock time in the business
 *   time zone.
 * The picker (dayjs and antd's picker, ~30 KB gzip) is its own chunk, loaded when a date field is first
 * drawn, so no route carries it in its initial JavaScript.
 */
import { Input } from 'antd';
import { lazy, Suspense } from 'react';
import type { DatePickerFieldProps } from './DatePickerField';
import { DATE_FORMATS } from './dateKinds';

const DatePickerField = lazy(() => import('./DatePickerField'));

export function DateInput(props: DatePickerFieldProps) {
  const { shown } = DATE_FORMATS[props.kind ?? 'date'];
  return (
    <Suspense
      fallback={
        <Input
          id={props.id}
          value={props.value ?? ''}
          readOnly
          placeholder={shown}
          style={{ width: 180, ...props.style }}
          aria-label={props['aria-label']}
          aria-labelledby={props['aria-labelledby']}
        />
      }
    >
      <DatePickerField {...props} />
    </Suspense>
  );
}

type Variant = Omit<DatePickerFieldProps, 'kind'>;
/** A month field: `YYYY-MM`. */
export const MonthInput = (props: Variant) => <DateInput {...props} kind="month" />;
/** An ISO week field: held as the week's Monday `YYYY-MM-DD`, the week number shown beside. */
export const WeekInput = (props: Variant) => <DateInput {...props} kind="week" />;
/** A date-time field: shown `YYYY-MM-DD HH:mm`, held `YYYY-MM-DDTHH:mm` (business time zone, no offset). */
export const DateTimeInput = (props: Variant) => <DateInput {...props} kind="datetime" />;
