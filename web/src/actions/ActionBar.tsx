/**
 * The step buttons of a record, drawn only from the record's `actions` (domain/actions.ts): an allowed
 * step is a button; a step the caller's role could take but a rule refuses is not a button — it is
 * listed under the buttons with its reason, so the same rule reads the same everywhere. A step with a
 * body opens its form (`forms[step]`), a step that needs a comment asks for one, any other step is sent
 * at once. Each click sends a fresh Idempotency-Key that a retry after a network error or 503 reuses
 * (`sendWrite`); a refused step shows the API's message.
 */
import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { Typography } from '../components/Typography';
import { useState, type ReactNode } from 'react';
import { sendWrite } from '../api/client';
import type { RecordAction } from '../api/actions';
import { describeError } from '../api/errors';
import type { Label } from '../format/labels';
import { useT } from '../i18n';

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
  forms?: Record<string, StepForm | undefined>;
  onDone: (answer: unknown) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState<RecordAction | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const allowed = actions.filter((a) => a.allowed);
  const refused = actions.filter((a) => !a.allowed);

  const send = async (a: RecordAction, body: unknown) => {
    setBusy(a.step);
    setError(null);
    try {
      const answer = await sendWrite(a.method, a.path, body);
      setOpen(null);
      onDone(answer);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const click = (a: RecordAction) => {
    setError(null);
    if (forms[a.step] || a.commentRequired || a.confirm) {
      form.resetFields();
      if (forms[a.step]?.initial) form.setFieldsValue(forms[a.step]!.initial);
      setOpen(a);
      return;
    }
    void send(a, {});
  };

  const stepForm = open ? forms[open.step] : undefined;
  const label = (a: RecordAction) => t(a.labelZh, a.labelEn);
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
      {refused.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="refused-steps">
          {t('不可辦理', 'Not available')}:{' '}
          {refused.map((a, i) => (
            <span key={a.step}>
              {i > 0 && '；'}
              {label(a)}
              {a.reason && ` (${t.label(REASON_LABELS[a.reason])})`}
            </span>
          ))}
        </Typography.Paragraph>
      )}
      {error && !open && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="action-error" role="alert" />
      )}
      <Modal
        open={!!open}
        title={open ? (stepForm?.title ?? label(open)) : ''}
        width={stepForm?.width ?? 560}
        onCancel={() => setOpen(null)}
        okText={open ? label(open) : ''}
        okButtonProps={{ 'data-testid': 'step-submit', loading: !!busy, danger: !!open?.confirm } as never}
        cancelText={t('取消', 'Cancel')}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {open?.confirm && (
          <Alert
            type="warning"
            showIcon
            title={t.label(IRREVERSIBLE)}
            style={{ marginBottom: 12 }}
            data-testid="step-irreversible"
          />
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={(values: Record<string, unknown>) => {
            if (!open) return;
            const base = stepForm ? stepForm.toBody(values) : {};
            const comment =
              typeof values.comment === 'string' && values.comment.trim() ? values.comment.trim() : undefined;
            const body = comment !== undefined && !stepForm ? { ...(base as object), comment } : base;
            void send(open, body);
          }}
        >
          {stepForm?.fields}
          {open?.commentRequired && !stepForm && (
            <Form.Item
              name="comment"
              label={t('意見', 'Comment')}
              rules={[{ required: true, whitespace: true, message: t('請填寫意見', 'A comment is required') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} data-testid="step-comment" />
            </Form.Item>
          )}
        </Form>
        {error && open && <Alert type="error" showIcon title={error} data-testid="action-error" role="alert" />}
      </Modal>
    </div>
  );
}
