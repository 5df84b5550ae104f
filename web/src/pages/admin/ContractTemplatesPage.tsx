/**
 * Reference data 基礎資料 — the standard contract terms 標準合同條款 (GET/POST /contract-templates): every
 * version with its clauses; the admin publishes the next version from the latest (the API audits it,
 * refuses a stale or unchanged edit). Commerce, managers and auditors read; nothing else here writes.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { ReadState } from '../../components/ReadState';
import { Button, Form, Input, Modal, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { TAG } from '../../format/colors';
import { useT } from '../../i18n';
import { useMay } from '../../layout/useMe';
import { Picker } from '../../components/Picker';
import { List } from '../../components/List';

type Clause = { no: string; title: string; text: string };
type Template = { version: number; title: string; clauses: Clause[]; createdAt: string; latest: boolean };

function PublishModal({ latest, onClose }: { latest: Template; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ title: string; clauses: Clause[] }>();
  const write = useWrite<Template>([['contract-templates']]);
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = {
      basedOnVersion: latest.version,
      title: v.title.trim(),
      clauses: (v.clauses ?? []).map((c) => ({ no: c.no.trim(), title: c.title.trim(), text: c.text.trim() })),
    };
    const ok = await write.mutateAsync({ method: 'POST', path: '/contract-templates', body }).then(
      () => true,
      () => false,
    );
    if (ok) onClose();
  };
  return (
    <Modal
      open
      width={900}
      title={`${t('發佈新版本（基於第', 'Publish a new version (based on v')}${latest.version}${t('版）', ')')}`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="template-publish">
            {t('發佈', 'Publish')}
          </Button>
        </Space>
      }
    >
      <WriteError error={write.error} />
      <Form form={form} layout="vertical" initialValues={{ title: latest.title, clauses: latest.clauses }}>
        <Form.Item name="title" label={t('標題', 'Title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.List name="clauses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" style={{ width: '100%' }} wrap>
                  <Form.Item
                    name={[f.name, 'no']}
                    label={t('條號', 'No.')}
                    rules={[{ required: true, pattern: /^\d{1,2}(\.\d{1,2})?$/ }]}
                  >
                    <Input style={{ width: 70 }} aria-label={`${t('條號', 'No.')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'title']}
                    label={t('條款標題', 'Clause title')}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input style={{ width: 220 }} aria-label={`${t('條款標題', 'Clause title')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'text']}
                    label={t('條文', 'Text')}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input.TextArea
                      rows={3}
                      style={{ width: 440 }}
                      data-testid={`clause-text-${i}`}
                      aria-label={`${t('條文', 'Text')} ${i + 1}`}
                    />
                  </Form.Item>
                  <Button
                    aria-label={`${t('移除', 'Remove')} ${i + 1}`}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  >
                    ✕
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ no: String(fields.length + 1), title: '', text: '' })}>
                {t('新增條款', 'Add a clause')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export default function ContractTemplatesPage() {
  const t = useT();
  const { may: mayDo, known } = useMay();
  const { businessTimeZone } = useConfig();
  const may = mayDo('readContractTemplates');
  const templates = useQuery({
    queryKey: ['contract-templates'],
    queryFn: () => unwrap(api.GET('/contract-templates')),
    enabled: may,
  });
  const [shown, setShown] = useState<number | undefined>();
  const [publishing, setPublishing] = useState(false);
  if (known && !may) return <ErrorState kind="forbidden" title={['無權查看', 'Not for your role']} />;
  const items = (templates.data?.items ?? []) as Template[];
  const latest = items.find((x) => x.latest);
  const current = items.find((x) => x.version === shown) ?? latest;
  return (
    <section aria-labelledby="templates-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="templates-title" style={{ fontSize: 22 }}>
          {t('基礎資料：標準合同條款', 'Reference data: standard contract terms')}
        </Typography.Title>
        {mayDo('publishContractTemplates') && latest && (
          <Button type="primary" onClick={() => setPublishing(true)} data-testid="template-new">
            {t('發佈新版本', 'Publish a new version')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '商務依最新版本起草合同；已起草的合同保留其版本。其他基礎資料（服務項目、計價單位、幣別與小數位、營業時區、時限）屬程式設定，見 README。',
          'Commerce drafts contracts from the latest version; drafted contracts keep theirs. Other reference data (service types, price units, currencies and digits, business time zone, deadlines) is code or configuration: see the README.',
        )}
      </Typography.Paragraph>
      <ReadState read={templates} compact />
      <Space style={{ marginBottom: 12 }}>
        <span>{t('版本', 'Version')}</span>
        <Picker
          aria-label={t('版本', 'Version')}
          style={{ width: 320 }}
          value={current?.version}
          onChange={setShown}
          options={items.map((x) => ({
            value: x.version,
            label: `v${x.version} · ${formatDateTime(x.createdAt, businessTimeZone)}${x.latest ? ` · ${t('現行', 'current')}` : ''}`,
          }))}
        />
      </Space>
      {current && (
        <Card
          size="small"
          data-testid="template-card"
          title={
            <Space wrap>
              <span>v{current.version}</span>
              <span>{current.title}</span>
              {current.latest && <Tag color={TAG.green}>{t('現行', 'Current')}</Tag>}
            </Space>
          }
        >
          <List
            size="small"
            dataSource={current.clauses}
            renderItem={(c) => (
              <List.Item key={c.no}>
                <List.Item.Meta title={`${c.no}. ${c.title}`} description={c.text} />
              </List.Item>
            )}
          />
        </Card>
      )}
      {publishing && latest && <PublishModal latest={latest} onClose={() => setPublishing(false)} />}
    </section>
  );
}
