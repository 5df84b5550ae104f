/**
 * A refusal's fields shown under the form's own fields: the API names a field of a 400 (`details.fields`) or
 * of a 422 (`details.field`) by its request path (`body.followUps.0.dueOn`, `startsOn`); a form that has that
 * field gets the message under it, named as every form message names its field (errors.ts fieldName, 1-based
 * rows) with the message in both languages (errors.ts fieldMessage).
 */
import type { FormInstance } from 'antd';
import { ApiError } from './client';
import { fieldMessage, fieldName } from './errors';
import type { useT } from '../i18n';

type T = ReturnType<typeof useT>;

/** The form name path of an API field path: `body.followUps.0.dueOn` → `['followUps', 0, 'dueOn']`. */
export function formPath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((p, i) => !(i === 0 && ['body', 'query', 'params'].includes(p)))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts each field of the refusal `e` that the form has (`has`, by form name path) under that field
 * (`form.setFields`); a path inside one of the form's fields (`containers.numbers.1`, a row of a list the form types
 * in one field `containers.numbers`) goes under that field — the longest prefix `has` accepts — and several messages
 * on one field are all shown. Returns true when every field it names was placed so — the page then needs no alert
 * for it; false for any other error (no fields, a field the form lacks, not an ApiError).
 */
export function placeFieldErrors(
  e: unknown,
  form: FormInstance,
  t: T,
  has: (name: (string | number)[]) => boolean,
): boolean {
  if (!(e instanceof ApiError) || !e.fields.length) return false;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  let placed = 0;
  for (const f of e.fields) {
    const full = formPath(f.path);
    const k = [...full.keys()].map((i) => full.length - i).find((n) => has(full.slice(0, n)));
    if (k === undefined) continue;
    const name = full.slice(0, k);
    const entry = byField.get(JSON.stringify(name)) ?? { name, errors: [] };
    entry.errors.push(`${fieldName(f.path, t)}：${fieldMessage(f.message, t, String(full.at(-1)))}`);
    byField.set(JSON.stringify(name), entry);
    placed++;
  }
  form.setFields([...byField.values()]);
  return placed === e.fields.length;
}

/** `has` for placeFieldErrors: the fields the form has drawn (registered), by name path. */
export const formHas =
  (form: FormInstance) =>
  (name: (string | number)[]): boolean =>
    form
      .getFieldsError()
      .some((f) => f.name.length === name.length && f.name.every((p, i) => String(p) === String(name[i])));
