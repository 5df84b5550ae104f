/** Tariffs 原始報價: every version (in force, drafts, pending, superseded), change proposals, a new draft. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Radio, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, newIdempotencyKey, sendWrite, unwrap } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { describeError } from '../../api/errors';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { useT } from '../../i18n';
import { useMay } from '../../layout/useMe';
import { toBody, toDraft, versionStanding, type TariffDetail, type TariffSummary } from './types';

export default function TariffsPage() {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const { may } = useMay();
  const navigate = useNavigate();
  const today = businessToday(businessTimeZone);
  const versions = useQuery({
    queryKey: ['tariffs'],
    queryFn: () => unwrap(api.GET('/tariffs', { params: { query: { limit: 200 } } })),
  });
  const changes = useQuery({
    queryKey: ['tariff-changes'],
    queryFn: () => unwrap(api.GET('/tariff-changes', { params: { query: { limit: 200 } } })),
  });
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ title: string; effectiveFrom: string; start: 'copy' | 'empty' }>();

  const inForce = (versions.data?.items ?? []).find((v) => versionStanding(v, today)[1] === 'In force');
  /** A new draft: a copy of the lines in force, or empty (a fresh system's first tariff; lines added after). */
  const createDraft = async (v: { title: string; effectiveFrom: string; start?: 'copy' | 'empty' }) => {
    setError(null);
    try {
      const base =
        inForce && v.start !== 'empty'
          ? await unwrap<TariffDetail>(
              api.GET('/tariffs/{versionNo}', { params: { path: { versionNo: inForce.versionNo } } }),
            )
          : null;
      const created = await sendWrite<{ versionNo: number }>(
        'POST',
        '/tariffs',
        {
          title: v.title.trim(),
          effectiveFrom: v.effectiveFrom,
          lines: base ? base.lines.map((l, i) => toBody(toDraft(l, String(i), currencyDigits))) : [],
        },
        newIdempotencyKey(),
      );
      setCreating(false);
      void navigate(`/desk/tariffs/${created.versionNo}`);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section aria-labelledby="tariffs-title">
      <Typography.Title level={2} id="tariffs-title" style={{ fontSize: 22 }}>
        {t('原始報價', 'Tariffs')}
      </Typography.Title>
      <Card
        title={t('版本', 'Versions')}
        style={{ marginBottom: 16 }}
        extra={
          may('createTariff') && (
            <Button
              type="primary"
              onClick={() => {
                form.setFieldsValue({ start: inForce ? 'copy' : 'empty' });
                setCreating(true);
              }}
              data-testid="tariff-new"
            >
              {t('新草稿', 'New draft')}
            </Button>
          )
        }
      >
        {versions.isError && <ErrorState compact error={versions.error} onRetry={() => void versions.refetch()} />}
        <DataTable<TariffSummary>
          rowKey="versionNo"
          size="middle"
          loading={versions.isLoading}
          dataSource={versions.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('版本', 'Version'),
              dataIndex: 'versionNo',
              render: (no: number) => <Link to={`/desk/tariffs/${no}`}>{`V${no}`}</Link>,
            },
            { title: t('標題', 'Title'), dataIndex: 'title' },
            {
              title: t('狀態', 'Status'),
              key: 'standing',
              render: (_, v) => {
                const [zh, en, color] = versionStanding(v, today);
                return <Tag color={color}>{t(zh, en)}</Tag>;
              },
            },
            { title: t('生效日', 'Effective from'), dataIndex: 'effectiveFrom' },
            { title: t('失效日', 'Until'), dataIndex: 'effectiveTo', render: (d: string | null) => d ?? '—' },
            {
              title: t('鎖定時間', 'Locked'),
              dataIndex: 'lockedAt',
              render: (d: string | null) => formatDateTime(d, businessTimeZone),
            },
          ]}
        />
      </Card>
      <Card title={t('原始報價修改', 'Tariff change proposals')}>
        {changes.isError && <ErrorState compact error={changes.error} onRetry={() => void changes.refetch()} />}
        <DataTable
          rowKey="changeId"
          size="middle"
          loading={changes.isLoading}
          dataSource={changes.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('修改單', 'Change'),
              dataIndex: 'changeId',
              render: (id: number) => <Link to={`/desk/tariff-changes/${id}`}>{`#${id}`}</Link>,
            },
            { title: t('基準版本', 'Base'), dataIndex: 'baseVersionNo', render: (n: number) => `V${n}` },
            { title: t('原因', 'Reason'), dataIndex: 'reason' },
            {
              title: t('狀態', 'Status'),
              key: 'status',
              render: (_, c) => t(c.statusLabel.zh, c.statusLabel.en),
            },
            {
              title: t('提議人', 'Proposed by'),
              key: 'proposedBy',
              render: (_, c) => c.proposedByName ?? c.proposedBy,
            },
            { title: t('生效日', 'Effective from'), dataIndex: 'effectiveFrom' },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('新草稿', 'New draft')}
        okText={t('建立', 'Create')}
        cancelText={t('取消', 'Cancel')}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void createDraft(v)}>
          <Form.Item name="start" label={t('起點', 'Start from')}>
            <Radio.Group
              data-testid="tariff-start"
              options={[
                {
                  value: 'copy',
                  disabled: !inForce,
                  label: inForce
                    ? t(`複製生效版本 V${inForce.versionNo}`, `A copy of V${inForce.versionNo} in force`)
                    : t('複製生效版本（目前沒有）', 'A copy of the version in force (none yet)'),
                },
                {
                  value: 'empty',
                  label: t('空白草稿：之後新增價目或從 Excel 匯入', 'Empty: add lines or import them from Excel next'),
                },
              ]}
            />
          </Form.Item>
          <Form.Item name="title" label={t('標題', 'Title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input data-testid="tariff-title" />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('生效日', 'Effective from')} rules={[{ required: true }]}>
            <DateInput data-testid="tariff-effective" disabledBefore={today} />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
