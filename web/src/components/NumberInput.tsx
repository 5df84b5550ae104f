/**
 * The desk's one number field and its rules: every amount, price, quantity and count is typed here.
 * What is typed becomes plain ASCII at once (`normalizeDecimalInput`: full-width digits, U+2212,
 * thousands separators) and is checked by the API's own rule (`numberProblem` of lib/number-input.ts)
 * with the currency's digits from `GET /client-config` — before anything is sent. No silent change: a
 * negative, a decimal in a count or a digit too many is named under the field, never clamped or dropped.
 */
import { Input, type InputProps } from 'antd';
import type { Rule } from 'antd/es/form';
import { useConfig } from '../config';
import { normalizeDecimalInput, numberProblem, type NumberRule } from '../format/number';
import { useT } from '../i18n';

type Props = Omit<InputProps, 'value' | 'onChange'> & {
  value?: string | number | null | undefined;
  /** The normalised text (`'12500.00'`), as a Form.Item stores it. */
  onChange?: (value: string) => void;
};

/** An antd Input for a number (inputMode decimal) whose value is the normalised text; used inside a Form.Item or controlled. */
export function NumberInput({ value, onChange, ...rest }: Props) {
  return (
    <Input
      inputMode="decimal"
      autoComplete="off"
      {...rest}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(e) => onChange?.(normalizeDecimalInput(e.target.value))}
    />
  );
}

/** A Form.Item rule from a NumberRule (`required: false` lets an empty field pass); its message in both languages. */
export function numberRule(t: (zh: string, en: string) => string, rule: NumberRule & { required?: boolean }): Rule {
  return {
    validator: async (_: unknown, v: unknown) => {
      const text = v === null || v === undefined ? '' : String(v);
      if (text.trim() === '' && rule.required === false) return;
      const p = numberProblem(text, rule);
      if (p) throw new Error(t(p.zh, p.en));
    },
  };
}

/**
 * Rules for an amount in `currency` (its digits from the client config, the API's table): `[rule]` for
 * a Form.Item. `opts.positive` refuses zero, `opts.required: false` lets it be empty.
 */
export function useAmountRule(): (currency: string, opts?: { positive?: boolean; required?: boolean }) => Rule {
  const t = useT();
  const { currencyDigits } = useConfig();
  return (currency, opts = {}) => numberRule(t, { decimals: currencyDigits[currency] ?? 2, currency, ...opts });
}

/** The problem of an amount as typed in `currency`, in both languages, or null (for fields kept in state, not a Form). */
export function useAmountProblem(): (value: string, currency: string, positive?: boolean) => string | null {
  const t = useT();
  const { currencyDigits } = useConfig();
  return (value, currency, positive) => {
    const p = numberProblem(value, { decimals: currencyDigits[currency] ?? 2, currency, positive });
    return p ? t(p.zh, p.en) : null;
  };
}
