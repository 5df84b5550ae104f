/**
 * The dialog of a step (ActionBar.tsx): the step's form (`stepForm.fields` inside an antd Form, prefilled with
 * `stepForm.initial`), or a comment for a step that needs one, and the warning of a step that cannot be undone.
 * A module of its own, loaded when a bar first has a step that opens it: antd's Form and Input are not part of a
 * record page's first paint (issue 11). One dialog per opening (ActionBar keys it), so every opening starts from
 * the step's initial values.
 */
import { Alert, Form, Input, Modal } from 'antd';
import type { RecordAction } from '../api/actions';
import { useUnsavedEdits } from '../components/useUnsavedGuard';
import { useT } from '../i18n';
import { IRREVERSIBLE, type StepForm } from './ActionBar';

/** What ActionBar hands its dialog: the step, its form, and what the bar knows of the send. */
export interface StepDialogProps {
  open: boolean;
  action: RecordAction;
  stepForm: StepForm | undefined;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  /** The step's body from the form's values (stepForm.toBody, or the comment). */
  onSubmit: (body: unknown) => void;
}

/** The step's dialog: its form or comment, OK sends it (the form's rules first). */
export default function StepDialog({ open, action, stepForm, busy, error, onCancel, onSubmit }: StepDialogProps) {
  const t = useT();
  const [form] = Form.useForm();
  // What is typed in the open dialog is asked about before the page is left; a closed one holds nothing.
  const edits = useUnsavedEdits(open);
  const label = t(action.labelZh, action.labelEn);
  return (
    <Modal
      open={open}
      // A click beside the dialog (a hurried second click on the button) does not close it: only Cancel or Esc.
      mask={{ closable: false }}
      title={stepForm?.title ?? label}
      width={stepForm?.width ?? 560}
      onCancel={onCancel}
      okText={label}
      okButtonProps={{ 'data-testid': 'step-submit', loading: busy, danger: !!action.confirm } as never}
      cancelText={t('取消', 'Cancel')}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {action.confirm && (
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
        initialValues={stepForm?.initial}
        onValuesChange={edits.onValuesChange}
        onFinish={(values: Record<string, unknown>) => {
          const base = stepForm ? stepForm.toBody(values) : {};
          const comment =
            typeof values.comment === 'string' && values.comment.trim() ? values.comment.trim() : undefined;
          onSubmit(comment !== undefined && !stepForm ? { ...(base as object), comment } : base);
        }}
      >
        {stepForm?.fields}
        {action.commentRequired && !stepForm && (
          <Form.Item
            name="comment"
            label={t('意見', 'Comment')}
            rules={[{ required: true, whitespace: true, message: t('請填寫意見', 'A comment is required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="step-comment" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="action-error" role="alert" />}
    </Modal>
  );
}
