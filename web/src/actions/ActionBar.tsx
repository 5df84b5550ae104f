/**
 * The step buttons of a record, drawn only from the record's `actions` (domain/actions.ts): an allowed
 * step is a button; a step the caller's role could take but a rule refuses is not a button — it is
 * listed under the buttons with its reason, so the same rule reads the same everywhere. A step with a
 * body opens its form (`forms[step]`), a step that needs a comment asks for one, any other step is sent
 * at once. Each click sends a fresh Idempotency-Key that a retry after a network error or 503 reuses
 * (`sendWrite`); a refused step shows the API's message. The dialog (StepDialog.tsx, antd's Form and Input) and
 * a page's step forms given as `LazyStepForms` are modules of their own, fetched once the bar is drawn with a step
 * that opens a dialog — not part of the page's first paint (issue 11).
 */
import { Alert, Button, Space } from 'antd';
import { Typography } from '../components/Typography';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { sendWrite } from '../api/client';
import { refreshAfterConflict } from '../api/useWrite';
import type { RecordAction } from '../api/actions';
import { describeError } from '../api/errors';
import type { Label } from '../format/labels';
import { useT } from '../i18n';
import { RefusedSteps } from './RefusedSteps';

/** Why a step is not available: one table, in api/errors.ts (refusals name the same reasons). */
import { REASON_LABELS } from '../api/errors';
export { REASON_LABELS };

/** The warning of a step that cannot be undone (`confirm` of its action). */
export const IRREVERSIBLE: Label = ['此步驟無法復原，確定要執行嗎？', 'This step cannot be undone. Go ahead?'];

/** Steps that throw work away (discard, cancel, withdraw, reject, refuse): danger buttons, never primary. */
const THROWS_AWAY = /discard|cancel|withdraw|reject|refuse/;

/** How a step's button looks: danger when it throws work away, plain for a return, else primary. */
export function buttonStyle(a: RecordAction): { type: 'primary' | 'default'; danger?: boolean } {
  if (THROWS_AWAY.test(a.step)) return { type: 'default', danger: true };
  if (a.commentRequired || /return/.test(a.step)) return { type: 'default' };
  return { type: 'primary' };
}

/**
 * A step's form: its fields (inside an antd Form) and how the form's values become the step's body.
 * `initial` prefills the form.
 */
export interface StepForm {
  title?: string;
  width?: number;
  initial?: Record<string, unknown>;
  fields: ReactNode;
  toBody: (values: Record<string, unknown>) => unknown;
}

/** Step forms of a module loaded when needed (React.lazy), so a page's first paint carries no form. */
export interface LazyStepForms {
  /** The steps that have a form: their buttons open the dialog (known before the module is loaded). */
  steps: readonly string[];
  /** Fetches the module (ActionBar calls it once the bar is drawn, so a click finds it loaded). */
  load: () => Promise<unknown>;
  /** Draws `render(forms)` with the forms the module's hook builds (a lazy component of the page's). */
  host: (render: (forms: Record<string, StepForm | undefined>) => ReactNode) => ReactNode;
}

const isLazy = (f: Record<string, StepForm | undefined> | LazyStepForms): f is LazyStepForms =>
  typeof f.host === 'function' && Array.isArray(f.steps);

const loadDialog = () => import('./StepDialog');
const StepDialog = lazy(loadDialog);

/**
 * A message for an error thrown by `sendWrite`: zh-Hant summary of its code or reason with the API's
 * message, and the fields of a 400 by label and 1-based line number (api/errors.ts).
 */
export function errorText(e: unknown, t: Parameters<typeof describeError>[1]): string {
  return describeError(e, t);
}

export function ActionBar({
  actions,
  forms = {},
  onDone,
}: {
  actions: readonly RecordAction[];
  forms?: Record<string, StepForm | undefined> | LazyStepForms;
  onDone: (answer: unknown) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<RecordAction | null>(null);
  // The dialog stays drawn after it closes (its closing animation); a new opening is a new dialog (`seq`).
  const [shown, setShown] = useState<{ action: RecordAction; seq: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const allowed = actions.filter((a) => a.allowed);
  const refused = actions.filter((a) => !a.allowed);
  const hasForm = (a: RecordAction) => (isLazy(forms) ? forms.steps.includes(a.step) : !!forms[a.step]);
  const opensDialog = (a: RecordAction) => hasForm(a) || !!a.commentRequired || !!a.confirm;
  const lazyForms = isLazy(forms) && allowed.some(hasForm);
  const needsDialog = allowed.some(opensDialog);

  // Fetch the dialog (and the page's forms) once the bar is drawn, so a click opens it at once.
  useEffect(() => {
    if (!needsDialog) return;
    const id = setTimeout(() => {
      void loadDialog();
      if (lazyForms) void (forms as LazyStepForms).load();
    }, 0);
    return () => clearTimeout(id);
  }, [needsDialog, lazyForms, forms]);

  const send = async (a: RecordAction, body: unknown) => {
    setBusy(a.step);
    setError(null);
    try {
      const answer = await sendWrite(a.method, a.path, body);
      setOpen(null);
      onDone(answer);
    } catch (e) {
      setError(errorText(e, t));
      refreshAfterConflict(queryClient, e);
    } finally {
      setBusy(null);
    }
  };

  const click = (a: RecordAction) => {
    setError(null);
    if (opensDialog(a)) {
      setOpen(a);
      setShown((s) => ({ action: a, seq: (s?.seq ?? 0) + 1 }));
      return;
    }
    void send(a, {});
  };

  const label = (a: RecordAction) => t(a.labelZh, a.labelEn);
  const dialog = (stepForm: StepForm | undefined) =>
    shown && (
      <StepDialog
        key={shown.seq}
        open={!!open}
        action={shown.action}
        stepForm={stepForm}
        busy={!!busy}
        error={open ? error : null}
        onCancel={() => setOpen(null)}
        onSubmit={(body) => open && void send(open, body)}
      />
    );
  return (
    <div data-testid="action-bar">
      <Space wrap>
        {allowed.map((a) => (
          <Button
            key={a.step}
            {...buttonStyle(a)}
            loading={busy === a.step}
            data-testid={`action-${a.step}`}
            onClick={() => click(a)}
          >
            {label(a)}
          </Button>
        ))}
        {allowed.length === 0 && (
          <Typography.Text type="secondary">{t('目前沒有您可辦理的步驟', 'No step for you now')}</Typography.Text>
        )}
      </Space>
      <RefusedSteps actions={refused} />
      {error && !open && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="action-error" role="alert" />
      )}
      {shown && (
        <Suspense fallback={null}>
          {isLazy(forms)
            ? forms.steps.includes(shown.action.step)
              ? forms.host((f) => dialog(f[shown.action.step]))
              : dialog(undefined)
            : dialog(forms[shown.action.step])}
        </Suspense>
      )}
    </div>
  );
}
