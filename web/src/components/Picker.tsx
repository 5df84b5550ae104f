/**
 * A pick from a short, fixed list in Ant Design's Select look, as the browser's own `<select>`: the subset of
 * antd Select's API the desk's filter bars and first-view forms use — `options` (`value`, `label`, `disabled`),
 * `value` / `onChange` (`undefined` = nothing picked), `placeholder`, `allowClear` (an empty first option, the
 * placeholder or 全部 All, clears), `disabled`, `loading` (aria-busy), `style`, `id` and any `aria-*` /
 * `data-testid`, `notFoundContent` (said in the list when there is nothing to pick); works as a Form.Item's control
 * (its `id`, `value`, `onChange`). `search` (the search box's name, zh + en) puts a search box before the list for
 * long lists (customers, users) — antd's showSearch: what is typed narrows the options to those whose text
 * contains it, Enter picks the first. Keyboard and screen readers get
 * the native control (arrows, type-ahead, the list on Alt+↓ / Space). antd's Select brings its virtual list, icons
 * and empty state — ≈ 27 KB gzip on every route that drew one on first paint (issue 11). Styles: picker.css.
 */
import { useState, type CSSProperties, type ChangeEvent, type KeyboardEvent } from 'react';
import { useT } from '../i18n';
import './picker.css';

/** One choice: its value, its text (zh + en where it is words), whether it can be picked. */
export interface PickerOption<V extends string | number> {
  value: V;
  label: string;
  disabled?: boolean;
}

/** The props the desk's pickers use (antd Select's names). */
export interface PickerProps<V extends string | number> {
  options: readonly PickerOption<V>[];
  value?: V | null;
  onChange?: (value: V | undefined) => void;
  placeholder?: string;
  notFoundContent?: string;
  search?: string;
  allowClear?: boolean;
  disabled?: boolean;
  loading?: boolean;
  style?: CSSProperties;
  id?: string;
  'aria-label'?: string;
  'aria-labelledby'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-required'?: boolean | 'true' | 'false';
  'data-testid'?: string;
}

/** A native select: the options by position (so numbers stay numbers), an empty option when nothing is picked. */
export function Picker<V extends string | number>({
  options,
  value,
  onChange,
  placeholder,
  notFoundContent,
  search,
  allowClear,
  loading,
  style,
  ...rest
}: PickerProps<V>) {
  const t = useT();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  // Positions in `options` that are offered: all, or those matching the search (and the one picked).
  const offered = options
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => !q || o.value === value || o.label.toLowerCase().includes(q));
  const index = value == null ? -1 : options.findIndex((o) => o.value === value);
  const empty = index < 0;
  const none = offered.length === 0 ? (q ? t('沒有相符的選項', 'No match') : notFoundContent) : undefined;
  const select = (
    <select
      {...rest}
      className={empty ? 'desk-picker desk-picker-empty' : 'desk-picker'}
      style={search ? undefined : style}
      aria-busy={loading || undefined}
      value={empty ? '' : String(index)}
      onChange={(e: ChangeEvent<HTMLSelectElement>) =>
        onChange?.(e.target.value === '' ? undefined : options[Number(e.target.value)]!.value)
      }
    >
      {(allowClear || empty) && (
        <option value="" disabled={!allowClear}>
          {none ?? placeholder ?? (allowClear ? t('全部', 'All') : '')}
        </option>
      )}
      {offered.map(({ o, i }) => (
        <option key={String(o.value)} value={String(i)} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  );
  if (!search) return select;
  const pickFirst = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // not the form's submit
    const first = offered.find(({ o }) => !o.disabled);
    if (first) onChange?.(first.o.value);
  };
  return (
    <span className="desk-picker-search" style={style}>
      <input
        type="search"
        className="desk-picker-search-input"
        aria-label={search}
        placeholder={search}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={pickFirst}
        data-testid={rest['data-testid'] ? `${rest['data-testid']}-search` : undefined}
      />
      {select}
    </span>
  );
}
