/**
 * A business date field: antd's DatePicker in the business format YYYY-MM-DD (whatever the browser's
 * locale would show a native `<input type=date>` as), holding the date as the API's `YYYY-MM-DD` string —
 * so it drops into a Form.Item or a `value`/`onChange` pair like a text input. Typing the date works as
 * well as picking it. The picker (dayjs and antd's picker, ~30 KB gzip) is its own chunk, loaded when a
 * date field is first drawn, so no route carries it in its initial JavaScript.
 */
import { Input } from 'antd';
import { lazy, Suspense, type ComponentProps } from 'react';

const DatePickerField = lazy(() => import('./DatePickerField'));

export function DateInput(props: ComponentProps<typeof DatePickerField>) {
  return (
    <Suspense
      fallback={
        <Input
          id={props.id}
          value={props.value ?? ''}
          readOnly
          placeholder="YYYY-MM-DD"
          style={{ width: 180, ...props.style }}
          aria-label={props['aria-label']}
        />
      }
    >
      <DatePickerField {...props} />
    </Suspense>
  );
}
