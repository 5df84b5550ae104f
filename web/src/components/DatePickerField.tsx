/**
 * The picker behind DateInput.tsx (loaded on demand: a chunk of its own): antd's DatePicker in the business
 * formats of dateKinds.ts (whatever the browser's locale would show a native `<input type=date>` as),
 * holding the value as the API's string — so it drops into a Form.Item or a `value`/`onChange` pair like a
 * text input. Typing works as well as picking. A typed value is committed as it is typed — as soon as the text
 * is a whole value in the field's format, `onChange` gets it and a problem named under the field goes — never
 * only on blur: a form's button clicked straight after typing gets the typed value, and no message vanishes
 * under the pointer between the button's mouse-down (the field's blur) and mouse-up, which lost that first click.
 * A typed value that is not in the field's format is named under the field (zh + en) on blur and changes nothing. A week field holds the Monday of the picked or typed
 * date's ISO week and shows the ISO week number (`2026-W49`) beside it.
 */
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import isoWeek from 'dayjs/plugin/isoWeek';
import { useMemo, useState, type CSSProperties } from 'react';
import { useT } from '../i18n';
import { DATE_FORMATS, type DateKind } from './dateKinds';

dayjs.extend(customParseFormat);
dayjs.extend(isoWeek);

const PICKER = { date: 'date', month: 'month', week: 'week', datetime: 'date' } as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map(
  (en, i) => [`${i + 1}月`, en] as const,
);
const WEEKDAYS = [
  ['日', 'Su'],
  ['一', 'Mo'],
  ['二', 'Tu'],
  ['三', 'We'],
  ['四', 'Th'],
  ['五', 'Fr'],
  ['六', 'Sa'],
] as const;

/**
 * The picker's month and weekday names in both languages (`12月 Dec`, `日 Su`; English first: `Dec 12月`) — without
 * them the picker names them from dayjs's locale of the language pack, Chinese only. Merged by antd into the
 * ConfigProvider's locale (web/src/locale.ts) for this picker.
 */
const namesLocale = (t: (zh: string, en: string) => string) => ({
  lang: {
    shortMonths: MONTHS.map(([zh, en]) => t(zh, en)),
    shortWeekDays: WEEKDAYS.map(([zh, en]) => t(zh, en)),
  },
});

export interface DatePickerFieldProps {
  /** What the field holds (dateKinds.ts); `date` unless given. */
  kind?: DateKind;
  /** The held string in the kind's value format, or empty / null for none. */
  value?: string | null | undefined;
  /** Called with the new value in the kind's value format, or `''` when cleared. */
  onChange?: (value: string) => void;
  id?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  /** Dates before this `YYYY-MM-DD` cannot be picked (date fields). */
  disabledBefore?: string;
  'data-testid'?: string;
  'aria-label'?: string;
  'aria-labelledby'?: string;
}

export default function DatePickerField({
  kind = 'date',
  value,
  onChange,
  id,
  style,
  allowClear = true,
  disabledBefore,
  ...rest
}: DatePickerFieldProps) {
  const t = useT();
  const { shown, value: held } = DATE_FORMATS[kind];
  const [bad, setBad] = useState<string | null>(null);
  // The popup's open state is the field's own: Enter on a typed whole value closes it (antd's picker kept it open
  // when the typed value had already been committed as typed — nothing left for its own Enter to submit).
  const [open, setOpen] = useState(false);
  // The names change with the language only.
  const names = useMemo(() => namesLocale(t), [t.lang]);
  const parsed = value ? dayjs(value, held, true) : null;
  const current = parsed?.isValid() ? parsed : null;
  const toValue = (d: Dayjs): string => (kind === 'week' ? d.isoWeekday(1) : d).format(held);
  /** The input's text as typed so far: committed when it is a whole value in the field's format (then true). */
  const typed = (e: { target: EventTarget }): boolean => {
    const text = (e.target as HTMLInputElement).value?.trim() ?? '';
    const d = text ? dayjs(text, shown, true) : null;
    if (!d?.isValid() || (disabledBefore && d.format('YYYY-MM-DD') < disabledBefore)) return false;
    setBad(null);
    const next = toValue(d);
    if (next !== value) onChange?.(next);
    return true;
  };
  return (
    <span
      style={{ display: 'inline-flex', flexDirection: 'column' }}
      onInputCapture={typed}
      onKeyUpCapture={typed}
      onKeyDownCapture={(e) => {
        // Enter while the popup is open confirms the date — a whole value is kept and the popup closed — and does
        // not also send the form the field is in (as Enter picking an option of a select does not).
        if (e.key !== 'Enter' || !open) return;
        e.preventDefault();
        if (typed(e)) setOpen(false);
      }}
      onPasteCapture={(e) => setTimeout(() => typed(e), 0)}
    >
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
        <DatePicker
          id={id}
          picker={PICKER[kind]}
          showTime={kind === 'datetime' ? { format: 'HH:mm' } : false}
          format={shown}
          placeholder={shown}
          style={{ width: kind === 'datetime' ? 200 : 180, ...style }}
          allowClear={allowClear}
          open={open}
          onOpenChange={setOpen}
          // antd deep-merges it into the context's DatePicker locale; its type wants a whole locale.
          locale={names as never}
          status={bad ? 'error' : undefined}
          value={current}
          onChange={(d: Dayjs | null) => {
            setBad(null);
            onChange?.(d ? toValue(d) : '');
          }}
          onBlur={(e) => {
            const typed = (e.target as HTMLInputElement).value?.trim() ?? '';
            setBad(typed && !dayjs(typed, shown, true).isValid() ? typed : null);
          }}
          disabledDate={disabledBefore ? (d) => d.format('YYYY-MM-DD') < disabledBefore : undefined}
          {...rest}
        />
        {kind === 'week' && current && (
          <span data-testid={rest['data-testid'] ? `${rest['data-testid']}-week` : undefined}>
            {t(`第 ${current.isoWeek()} 週`, `week ${current.isoWeek()}`)}
            {` (${current.isoWeekYear()}-W${String(current.isoWeek()).padStart(2, '0')})`}
          </span>
        )}
      </span>
      {bad && (
        <span role="alert" style={{ color: '#a8071a' }}>
          {t(`「${bad}」格式不符，須為 ${shown}`, `“${bad}” is not in the format ${shown}`)}
        </span>
      )}
    </span>
  );
}
