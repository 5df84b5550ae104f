/**
 * A salesperson's collection-rate target dialog (CollectionRatePage.tsx loads this module when it opens).
 */
import { Form, Input, Modal } from 'antd';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { normalizeDecimalField, percentRule } from '../../format/number';
import { useT } from '../../i18n';
type Sheet = paths['/collection-rate']['get']['responses']['200']['content']['application/json'];
type Person = Sheet['salespeople'][number];
type Action = Person['actions'][number];

export default function TargetModal({
  person,
  action,
  onClose,
}: {
  person: Person;
  action: Action;
  onClose: () => void;
}) {
  const t = useT();
  const write = useWrite([['collection-rate']]);
  const [form] = Form.useForm<{ targetPct: string }>();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await write
      .mutateAsync({ method: action.method, path: action.path, body: { targetPct: v.targetPct.trim() } })
      .then(onClose, () => undefined);
  };
  return (
    <Modal
      open
      title={t(`回款率目標：${person.ownerName}`, `Collection-rate target: ${person.ownerName}`)}
      okText={t('儲存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => void submit()}
    >
      <WriteError error={write.error} />
      <Form form={form} layout="vertical" initialValues={{ targetPct: person.target?.targetPct ?? '' }}>
        <Form.Item
          name="targetPct"
          label={t('目標回款率（%，0–100，最多兩位小數）', 'Target rate (%, 0–100, at most 2 decimals)')}
          normalize={normalizeDecimalField}
          rules={[{ required: true, whitespace: true, message: t('請填寫目標', 'Enter a target') }, percentRule(t)]}
        >
          <Input inputMode="decimal" data-testid="target-pct" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
