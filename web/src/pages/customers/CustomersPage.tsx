/** Customers 客戶: search by name, number or phone, filter by status, create (the API issues the number). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, newIdempotencyKey, sendWrite, unwrap } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { errorTitle, fieldLabel, fieldLines } from '../../api/errors';
import type { paths } from '../../api/schema';
import { CUSTOMER_STATUS_LABELS, labelOf } from '../../format/labels';
import { useT } from '../../i18n';
import { useMay, useMe } from '../../layout/useMe';
import { DownloadButton, SheetImport } from '../../components/SheetTransfer';
import { Picker } from '../../components/Picker';
import { STATUS_COLORS } from './customerStatus';

type Customer = paths['/customers']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = NonNullable<paths['/customers']['get']['parameters']['query']>['status'];

export default function CustomersPage() {
  const t = useT();
  const me = useMe();
  const { may } = useMay();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [createKey, setCreateKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['customers', q, status, page],
    queryFn: () =>
      unwrap(
        api.GET('/customers', {
          params: { query: { ...(q ? { q } : {}), ...(status ? { status } : {}), limit: 20, offset: (page - 1) * 20 } },
        }),
      ),
  });

  const create = async (values: Record<string, string | undefined>) => {
    setSaving(true);
    setError(null);
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
    try {
      // One key per form: a retry after a lost answer returns the customer created the first time.
      const created = await sendWrite<{ customerNo: string }>('POST', '/customers', body, createKey);
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      setCreating(false);
      form.resetFields();
      setCreateKey(newIdempotencyKey());
      void navigate(`/desk/customers/${created.customerNo}`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const needsOwner = me.data && me.data.role !== 'sales';
  return (
    <section aria-labelledby="customers-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={2} id="customers-title" style={{ fontSize: 22 }}>
          {t('客戶', 'Customers')}
        </Typography.Title>
        <Space wrap align="start">
          <DownloadButton
            path="/customers/export.xlsx"
            filename="customers.xlsx"
            label={t('匯出 Excel', 'Export to Excel')}
            testId="customers-export"
          />
          {may('createCustomer') && (
            <>
              <DownloadButton
                path="/customers/template.xlsx"
                filename="customers-template.xlsx"
                label={t('下載匯入範本', 'Import template')}
                testId="customers-template"
              />
              <Button type="primary" onClick={() => setCreating(true)} data-testid="customer-new">
                {t('新增客戶', 'New customer')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      {may('createCustomer') && (
        <div style={{ marginBottom: 16 }}>
          <SheetImport
            path="/customers/import"
            label={t('從 Excel 匯入客戶', 'Import customers from Excel')}
            testId="customers-import"
            onDone={() => void queryClient.invalidateQueries({ queryKey: ['customers'] })}
          />
        </div>
      )}
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('搜尋客戶', 'Search customers')}
          placeholder={t('名稱、編號或電話', 'Name, number or phone')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 320 }}
          data-testid="customer-search"
        />
        <Picker<NonNullable<Status>>
          aria-label={t('狀態', 'Status')}
          allowClear
          placeholder={t('全部狀態', 'All statuses')}
          style={{ width: 200 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={Object.keys(CUSTOMER_STATUS_LABELS).map((s) => ({
            value: s as NonNullable<Status>,
            label: t.label(labelOf(CUSTOMER_STATUS_LABELS, s)),
          }))}
        />
      </Space>
      {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
      <DataTable<Customer>
        rowKey="customerNo"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          {
            title: t('客戶編號', 'No.'),
            dataIndex: 'customerNo',
            render: (no: string) => <Link to={`/desk/customers/${no}`}>{no}</Link>,
          },
          { title: t('客戶全稱', 'Full name'), dataIndex: 'fullName' },
          { title: fieldLabel('contactPerson', t), dataIndex: 'contactPerson' },
          { title: t('電話', 'Phone'), dataIndex: 'phone' },
          {
            title: t('狀態', 'Status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t.label(labelOf(CUSTOMER_STATUS_LABELS, s))}</Tag>,
          },
          { title: t('業務員', 'Owner'), key: 'owner', render: (_, c) => c.ownerName ?? c.ownerId },
        ]}
      />
      <Modal
        open={creating}
        title={t('新增客戶', 'New customer')}
        okText={t('建立', 'Create')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        width={640}
      >
        {error != null && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="customer-error"
            title={error instanceof ApiError ? errorTitle(error, t) : String(error)}
            description={error instanceof ApiError && error.fields.length ? fieldLines(error, t).join('；') : undefined}
          />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item
            name="fullName"
            label={t('客戶全稱', 'Full name')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input data-testid="customer-fullName" />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('地址', 'Address')}
            rules={[{ required: true, whitespace: true, max: 500 }]}
          >
            <Input data-testid="customer-address" />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="phone"
              label={t('電話', 'Phone')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
              style={{ flex: 1 }}
            >
              <Input data-testid="customer-phone" />
            </Form.Item>
            <Form.Item name="fax" label={t('傳真', 'Fax')} rules={[{ max: 50 }]} style={{ flex: 1, marginLeft: 8 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
          <Form.Item
            name="contactPerson"
            label={fieldLabel('contactPerson', t)}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input data-testid="customer-contact" />
          </Form.Item>
          <Form.Item name="industry" label={t('行業', 'Industry')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="creditStanding" label={t('信用狀況', 'Credit standing')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="paymentTerms" label={t('付款條件', 'Payment terms')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
          {needsOwner && (
            <Form.Item
              name="ownerId"
              label={t('所屬業務員（使用者代號）', 'Owning salesperson (user id)')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </section>
  );
}
