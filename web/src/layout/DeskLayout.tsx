/** The frame of every screen: navigation (inbox count badge), who is signed in, language, sign-out. */
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { useContext } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { signOutLocally } from '../auth/session';
import { labelOf, ROLE_LABELS } from '../format/labels';
import { LangContext, useT } from '../i18n';
import { useInboxCount, useMe } from './useMe';

export function DeskLayout() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const me = useMe();
  const count = useInboxCount();
  const location = useLocation();
  const queryClient = useQueryClient();
  const selected = location.pathname.split('/')[2] === 'tariff-changes' ? 'tariffs' : (location.pathname.split('/')[2] ?? 'inbox');
  const items = [
    {
      key: 'inbox',
      label: (
        <Link to="/desk/inbox" data-testid="nav-inbox">
          <Space>
            {t('待辦', 'Inbox')}
            <Badge count={count.data ?? 0} showZero overflowCount={999} data-testid="inbox-badge" color={count.data ? '#b0175f' : '#595959'} />
          </Space>
        </Link>
      ),
    },
    { key: 'customers', label: <Link to="/desk/customers">{t('客戶', 'Customers')}</Link> },
    { key: 'quotes', label: <Link to="/desk/quotes">{t('初始報價', 'Quotes')}</Link> },
    { key: 'tariffs', label: <Link to="/desk/tariffs">{t('原始報價', 'Tariffs')}</Link> },
    { key: 'delegations', label: <Link to="/desk/delegations">{t('委託', 'Delegations')}</Link> },
    { key: 'jobs', label: <Link to="/desk/jobs">{t('接單跟進表', 'Job board')}</Link> },
    { key: 'deliveries', label: <Link to="/desk/deliveries">{t('送貨跟進表', 'Deliveries')}</Link> },
    { key: 'exceptions', label: <Link to="/desk/exceptions">{t('異常動態表', 'Exceptions')}</Link> },
    { key: 'volume', label: <Link to="/desk/volume">{t('柜量', 'Container volume')}</Link> },
    { key: 'briefing', label: <Link to="/desk/briefing">{t('晨會報告', 'Morning briefing')}</Link> },
    ...(me.data?.role === 'auditor' || me.data?.role === 'admin' ? [{ key: 'audit', label: <Link to="/desk/audit">{t('審計', 'Audit')}</Link> }] : []),
    ...(me.data?.role === 'admin' ? [{ key: 'users', label: <Link to="/desk/users">{t('用戶', 'Users')}</Link> }] : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>freightflow 工作台</div>
        <nav aria-label={t('主選單', 'Main navigation')}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 'none' }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, borderBottom: '1px solid #f0f0f0' }}>
          {me.data && (
            <Typography.Text data-testid="whoami">
              {me.data.displayName} · {t.label(labelOf(ROLE_LABELS, me.data.role))}
            </Typography.Text>
          )}
          <Segmented
            aria-label={t('語言', 'Language')}
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh-Hant' | 'en')}
            options={[
              { value: 'zh-Hant', label: '繁體中文' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Button
            onClick={() => {
              signOutLocally();
              queryClient.clear();
            }}
          >
            {t('登出', 'Sign out')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
