/**
 * Dates are typed or picked only in the shared fields of web/src/components/DateInput.tsx (DateInput, MonthInput,
 * WeekInput, DateTimeInput — YYYY-MM-DD and kin, the business time zone): no page draws the browser's own date,
 * month, week, time or datetime-local input (mm/dd/yyyy in an English browser, no time zone), nor antd's DatePicker.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

describe('desk date fields', () => {
  it('no page draws a native date / time input or antd’s DatePicker outside components/DateInput', () => {
    const offenders = files('web/src')
      .filter((f) => !/components[/\\](DateInput|DatePickerField|dateKinds)\.tsx?$/.test(f))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i: i + 1, line }))
          .filter(
            ({ line }) =>
              /type=["'{`]*(date|datetime-local|time|month|week)["'}`]/.test(line) ||
              /<DatePicker\b|\bDatePicker\b.*from 'antd'/.test(line),
          ),
      )
      .map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
