/**
 * Delegations 委託: hand my approvals to someone for a date range; the list (mine, or all for the GM); revoke.
 * The form is drawn when the list's `actions` offer `create`; the delegate is picked by name and role from the
 * API's `delegates` (the users who may receive my delegation: active, someone else, no auditor), searchable.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Popconfirm, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { useState } from 'react';
import { api, sendWrite, unwrap } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { describeError, fieldName } from '../../api/errors';
import { placeFieldErrors } from '../../api/formErrors';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { useT } from '../../i18n';
import { Picker } from '../../components/Picker';

type Delegation = paths['/delegations']['get']['responses']['200']['content']['application/json']['items'][number];

export default function DelegationsPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['delegations'], queryFn: () => unwrap(api.GET('/delegations', {})) });
  // The API's rule: the delegating roles are offered `create` (and revoke their own delegations).
  const mayDelegate = !!list.data?.actions.some((a) => a.step === 'create' && a.allowed);
  const delegates = list.data?.delegates ?? [];
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ toUser: string; startsOn: string; endsOn: string }>();
  const today = businessToday(businessTimeZone);

  const create = async (v: { toUser: string; startsOn: string; endsOn: string }) => {
    setSaving(true);
    setError(null);
    try {
      await sendWrite('POST', '/delegations', {
        toUser: v.toUser,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
      });
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['delegations'] });
    } catch (e) {
      // A refusal naming one of the form's fields (a start before today, the delegate) shows under it.
      if (!placeFieldErrors(e, form, t, ([n]) => n === 'toUser' || n === 'startsOn' || n === 'endsOn'))
        setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    try {
      await sendWrite('POST', `/delegations/${id}/revoke`, {});
      await queryClient.invalidateQueries({ queryKey: ['delegations'] });
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section aria-labelledby="delegations-title">
      <Typography.Title level={2} id="delegations-title" style={{ fontSize: 22 }}>
        {t('委託', 'Delegations')}
      </Typography.Title>
      {mayDelegate && (
        <Card title={t('新增委託', 'New delegation')} style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" onFinish={(v) => void create(v)} requiredMark={false}>
            <Form.Item
              name="toUser"
              label={t('受託人', 'Delegate')}
              rules={[{ required: true, message: t('請選擇受託人', 'Pick a delegate') }]}
            >
              <Picker
                data-testid="delegate-user"
                style={{ width: 420 }}
                placeholder={t('選擇受託人', 'Pick a delegate')}
                search={t('姓名或角色', 'Name or role')}
                options={delegates.map((u) => {
                  const role = t.label(labelOf(ROLE_LABELS, u.role));
                  return { value: u.id, label: `${u.displayName} · ${role}` };
                })}
              />
            </Form.Item>
            <Form.Item
              name="startsOn"
              label={t('開始日', 'Starts on')}
              rules={[
                { required: true, message: t('請選擇日期', 'Pick a date') },
                {
                  // The API's rule (POST /delegations): a delegation starts today at the earliest (business time zone).
                  validator: async (_: unknown, v: string | undefined) => {
                    if (v && v < today)
                      throw new Error(
                        `${fieldName('startsOn', t)}：${t('不可早於今天', 'must not be before today')} (${today})`,
                      );
                  },
                },
              ]}
            >
              <DateInput data-testid="delegate-starts" />
            </Form.Item>
            <Form.Item
              name="endsOn"
              label={t('結束日', 'Ends on')}
              rules={[{ required: true, message: t('請選擇日期', 'Pick a date') }]}
            >
              <DateInput data-testid="delegate-ends" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="delegate-create">
                {t('委託', 'Delegate')}
              </Button>
            </Form.Item>
          </Form>
          {error && (
            <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="delegation-error" />
          )}
        </Card>
      )}
      {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
      <DataTable<Delegation>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('委託人', 'From'), key: 'from', render: (_, d) => d.fromUserName ?? d.fromUser },
          { title: t('受託人', 'To'), key: 'to', render: (_, d) => d.toUserName ?? d.toUser },
          { title: t('角色', 'Role'), dataIndex: 'role', render: (r: string) => t.label(labelOf(ROLE_LABELS, r)) },
          { title: t('開始', 'Starts'), dataIndex: 'startsOn' },
          { title: t('結束', 'Ends'), dataIndex: 'endsOn' },
          {
            title: t('狀態', 'Status'),
            key: 'status',
            render: (_, d) =>
              d.revokedAt ? (
                <Tag>
                  {t('已撤銷', 'Revoked')} {formatDateTime(d.revokedAt, businessTimeZone)}
                </Tag>
              ) : d.endsOn < today ? (
                <Tag>{t('已結束', 'Ended')}</Tag>
              ) : d.startsOn <= today ? (
                <Tag color="#237804">{t('生效中', 'Active')}</Tag>
              ) : (
                <Tag color="#1f5fa8">{t('未開始', 'Upcoming')}</Tag>
              ),
          },
          {
            title: t('操作', 'Actions'),
            key: 'revoke',
            render: (_, d) =>
              mayDelegate && !d.revokedAt && d.endsOn >= today ? (
                <Popconfirm
                  title={t('撤銷此委託？', 'Revoke this delegation?')}
                  okText={t('撤銷', 'Revoke')}
                  cancelText={t('取消', 'Cancel')}
                  onConfirm={() => void revoke(d.id)}
                >
                  <Button danger data-testid={`revoke-${d.id}`}>
                    {t('撤銷', 'Revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </section>
  );
}
