/**
 * Users 用戶 (admin): list, create (login, display name, role, manager, price authority), change display
 * name / role / manager / price authority, deactivate and reactivate. The API audits every change and
 * refuses an admin's change of their own rights; this page shows its answer.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Popconfirm, Space, Switch, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { ApiError } from '../../api/client';
import { currentToken } from '../../auth/session';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { labelOf, ROLE_LABELS } from '../../format/labels';
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

// The user form (antd Form, Select, Input): a module of its own, loaded when opened (issue 11).
const UserForm = lazy(() => import('./UserForm'));

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
          {t('用戶', 'Users')} {users.data && <Typography.Text type="secondary">({users.data.total})</Typography.Text>}
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
      <Suspense fallback={null}>
        {editing && <UserForm user={editing} users={all} onClose={() => setEditing(null)} />}
      </Suspense>
    </section>
  );
}
