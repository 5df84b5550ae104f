/**
 * The dialog that creates or changes a user (UsersPage.tsx loads this module when it opens): login, display name,
 * role, manager, price authority and e-mail; the API's refusal is shown in the dialog.
 */
import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { fieldName } from '../../api/errors';
import { placeFieldErrors } from '../../api/formErrors';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { normalizeDecimalField, percentRule } from '../../format/number';
import { useT } from '../../i18n';
import type { User } from './UsersPage';

interface Values {
  id?: string;
  displayName: string;
  role: string;
  managerId?: string | null;
  priceAuthorityPct?: string | null;
  email?: string | null;
}

/** Creates a user or changes one (display name, role, manager, price authority, e-mail) in a dialog. */
export default function UserForm({ user, users, onClose }: { user: User | 'new'; users: User[]; onClose: () => void }) {
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
        (e: unknown) => {
          // A refusal naming the manager (none for a salesperson, not a sales manager) shows under it too.
          placeFieldErrors(e, form, t, ([n]) => n === 'managerId');
          return false;
        },
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
        <Form.Item
          name="managerId"
          label={t('主管', 'Manager')}
          dependencies={['role']}
          rules={[
            ({ getFieldValue }) => ({
              // The API's rule (api/users/routes.ts checkManager): a salesperson's manager is a sales manager.
              validator: async (_: unknown, v: string | null | undefined) => {
                if (getFieldValue('role') !== 'sales') return;
                const manager = v ? users.find((u) => u.id === v) : undefined;
                if (!v)
                  throw new Error(
                    `${fieldName('managerId', t)}：${t('業務員須有主管（業務經理）', 'a salesperson needs a sales manager')}`,
                  );
                if (manager && manager.role !== 'sales_manager')
                  throw new Error(
                    `${fieldName('managerId', t)}：${t('業務員的主管須為業務經理', 'a salesperson’s manager is a sales manager')}`,
                  );
              },
            }),
          ]}
        >
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
