/**
 * The date picker behind DateInput.tsx (loaded on demand: a chunk of its own). A business date field: antd's DatePicker in the business format YYYY-MM-DD (whatever the browser's
 * locale would show a native `<input type=date>` as), holding the date as the API's `YYYY-MM-DD` string —
 * so it drops into a Form.Item or a `value`/`onChange` pair like a text input. Typing the date works as
 * well as picking it.
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';

const DATE_FORMAT = 'YYYY-MM-DD';

export default function DatePickerField({
  value,
  onChange,
  id,
  style,
  allowClear = true,
  disabledBefore,
  ...rest
}: {
  value?: string | null | undefined;
  onChange?: (value: string) => void;
  id?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  /** Dates before this `YYYY-MM-DD` cannot be picked. */
  disabledBefore?: string;
  'data-testid'?: string;
  'aria-label'?: string;
}) {
  return (
    <DatePicker
      id={id}
      format={DATE_FORMAT}
      placeholder={DATE_FORMAT}
      style={{ width: 180, ...style }}
      allowClear={allowClear}
      value={value ? dayjs(value, DATE_FORMAT) : null}
      onChange={(d) => onChange?.(d ? d.format(DATE_FORMAT) : '')}
      disabledDate={disabledBefore ? (d) => d.format(DATE_FORMAT) < disabledBefore : undefined}
      {...rest}
    />
  );
}
