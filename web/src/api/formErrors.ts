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
 * (`form.setFields`). Returns true when every field it names was placed so — the page then needs no alert
 * for it; false for any other error (no fields, a field the form lacks, not an ApiError).
 */
export function placeFieldErrors(
  e: unknown,
  form: FormInstance,
  t: T,
  has: (name: (string | number)[]) => boolean,
): boolean {
  if (!(e instanceof ApiError) || !e.fields.length) return false;
  const placed = e.fields.map((f) => ({ ...f, name: formPath(f.path) })).filter((f) => has(f.name));
  form.setFields(
    placed.map((f) => ({
      name: f.name,
      errors: [`${fieldName(f.path, t)}：${fieldMessage(f.message, t, String(f.name.at(-1)))}`],
    })),
  );
  return placed.length === e.fields.length;
}
