/**
 * Users 用戶 (admin): list, create (login, display name, role, manager, price authority), change display
 * name / role / manager / price authority, deactivate and reactivate. The API audits every change and
 * refuses an admin's change of their own rights; this page shows its answer.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { currentToken } from '../../auth/session';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { normalizeDecimalField, percentRule } from '../../format/number';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import { TAG } from '../../format/colors';

/** A user as GET /users answers (api/users/routes.ts). */
export interface User {
  id: string;
  displayName: string;
  role: string;
  managerId: string | null;
  priceAuthorityPct: string | null;
  active: boolean;
  email: string | null;
  createdAt: string;
}

async function getUsers(): Promise<{ items: User[]; total: number }> {
  const res = await fetch('/users?limit=200', { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  const body = (await res.json()) as { items: User[]; total: number } & { code?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'internal', body.message ?? `HTTP ${res.status}`);
  return body;
}

interface Values {
  id?: string;
  displayName: string;
  role: string;
  managerId?: string | null;
  priceAuthorityPct?: string | null;
  email?: string | null;
}

function UserForm({ user, users, onClose }: { user: User | 'new'; users: User[]; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const write = useWrite<User>([['users']]);
  const isNew = user === 'new';
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const managerId = v.managerId || null;
    const priceAuthorityPct = v.priceAuthorityPct?.trim() ? v.priceAuthorityPct.trim() : null;
    const email = v.email?.trim() ? v.email.trim() : null;
    const body = isNew
      ? { id: v.id!.trim(), displayName: v.displayName.trim(), role: v.role, managerId, priceAuthorityPct, email }
      : Object.fromEntries(
          Object.entries({
            displayName: v.displayName.trim(),
            role: v.role,
            managerId,
            priceAuthorityPct,
            email,
          }).filter(([k, x]) => (user as unknown as Record<string, unknown>)[k] !== x),
        );
    if (!isNew && Object.keys(body).length === 0) return onClose();
    const ok = await write
      .mutateAsync({ method: isNew ? 'POST' : 'PATCH', path: isNew ? '/users' : `/users/${user.id}`, body })
      .then(
        () => true,
        () => false,
      );
    if (ok) onClose();
  };
  return (
    <Modal
      open
      title={isNew ? t('新增用戶', 'New user') : `${t('修改用戶', 'Change user')} ${user.id}`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="user-save">
            {t('儲存', 'Save')}
          </Button>
        </Space>
      }
    >
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          isNew
            ? { role: 'sales' }
            : {
                displayName: user.displayName,
                role: user.role,
                managerId: user.managerId,
                priceAuthorityPct: user.priceAuthorityPct,
                email: user.email,
              }
        }
      >
        {isNew && (
          <Form.Item
            name="id"
            label={t('登入名稱', 'Login')}
            rules={[
              {
                required: true,
                pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/,
                message: t('2–64 個 a–z 0–9 . _ -', '2–64 of a–z 0–9 . _ -'),
              },
            ]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('顯示名稱', 'Display name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={Object.keys(ROLE_LABELS).map((r) => ({ value: r, label: t.label(labelOf(ROLE_LABELS, r)) }))}
          />
        </Form.Item>
        <Form.Item name="managerId" label={t('主管', 'Manager')}>
          <Select
            allowClear
            showSearch
            options={users
              .filter((u) => u.active && (isNew || u.id !== user.id))
              .map((u) => ({
                value: u.id,
                label: `${u.displayName} (${u.id}, ${t.label(labelOf(ROLE_LABELS, u.role))})`,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="priceAuthorityPct"
          label={t('價格權限（低於原始報價的最大折扣 %）', 'Price authority (largest discount below the tariff, %)')}
          normalize={normalizeDecimalField}
          rules={[percentRule(t)]}
        >
          <Input placeholder={t('空白 = 預設', 'empty = default')} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('電郵（通知寄送）', 'E-mail (notices are mailed here)')}
          rules={[{ type: 'email', message: t('電郵地址', 'an e-mail address') }]}
        >
          <Input placeholder={t('空白 = 只記錄', 'empty = logged only')} inputMode="email" maxLength={254} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const t = useT();
  const me = useMe();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [showInactive, setShowInactive] = useState(true);
  // The admin manages users; auditors read the list (the API refuses their writes, no write button is drawn).
  const canWrite = me.data?.role === 'admin';
  const canRead = canWrite || me.data?.role === 'auditor';
  const users = useQuery({ queryKey: ['users'], queryFn: getUsers, enabled: canRead });
  const toggle = useWrite<User>([['users']]);
  if (me.data && !canRead)
    return <ErrorState kind="forbidden" title={['僅限系統管理員與審計', 'Administrators and auditors only']} />;
  const all = users.data?.items ?? [];
  const nameOf = new Map(all.map((u) => [u.id, u.displayName]));
  return (
    <section aria-labelledby="users-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="users-title" style={{ fontSize: 22 }}>
          {t('用戶', 'Users')} <Typography.Text type="secondary">({users.data?.total ?? 0})</Typography.Text>
        </Typography.Title>
        <Space>
          <Switch checked={showInactive} onChange={setShowInactive} aria-label={t('顯示已停用', 'Show deactivated')} />
          <span>{t('顯示已停用', 'Show deactivated')}</span>
          {canWrite && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="user-new">
              {t('新增用戶', 'New user')}
            </Button>
          )}
        </Space>
      </Space>
      {users.isError && <ErrorState compact error={users.error} onRetry={() => void users.refetch()} />}
      <WriteError error={toggle.error} />
      <DataTable<User>
        data-testid="users-table"
        rowKey="id"
        size="small"
        loading={users.isLoading}
        dataSource={all.filter((u) => showInactive || u.active)}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('登入名稱', 'Login'), dataIndex: 'id', key: 'id' },
          { title: t('顯示名稱', 'Display name'), dataIndex: 'displayName', key: 'name' },
          { title: t('角色', 'Role'), key: 'role', render: (_, u) => t.label(labelOf(ROLE_LABELS, u.role)) },
          {
            title: t('主管', 'Manager'),
            key: 'manager',
            render: (_, u) => (u.managerId ? (nameOf.get(u.managerId) ?? u.managerId) : ''),
          },
          {
            title: t('價格權限 %', 'Price authority %'),
            key: 'pa',
            align: 'right',
            render: (_, u) => u.priceAuthorityPct ?? t('預設', 'default'),
          },
          {
            title: t('狀態', 'Status'),
            key: 'active',
            render: (_, u) =>
              u.active ? <Tag color={TAG.green}>{t('啟用', 'Active')}</Tag> : <Tag>{t('已停用', 'Deactivated')}</Tag>,
          },
          ...(!canWrite
            ? []
            : [
                {
                  title: t('操作', 'Actions'),
                  key: 'actions',
                  render: (_: unknown, u: User) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.id}`}>
                        {t('修改', 'Change')}
                      </Button>
                      {u.id !== me.data?.id && (
                        <Popconfirm
                          title={
                            u.active
                              ? t('停用此用戶？其登入即時失效', 'Deactivate? Their sessions stop at once')
                              : t('重新啟用此用戶？', 'Reactivate this user?')
                          }
                          onConfirm={() => {
                            toggle.reset();
                            void toggle
                              .mutateAsync({
                                method: 'POST',
                                path: `/users/${u.id}/${u.active ? 'deactivate' : 'reactivate'}`,
                                body: {},
                              })
                              .catch(() => undefined);
                          }}
                        >
                          <Button size="small" data-testid={`user-${u.active ? 'deactivate' : 'reactivate'}-${u.id}`}>
                            {u.active ? t('停用', 'Deactivate') : t('啟用', 'Reactivate')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]),
        ]}
      />
      {editing && <UserForm user={editing} users={all} onClose={() => setEditing(null)} />}
    </section>
  );
}
