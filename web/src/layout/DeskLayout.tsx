/** The frame of every screen: navigation (inbox count badge), who is signed in, language, sign-out. */
import { Badge, Button, Layout, Segmented } from 'antd';
import { useContext } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ErrorState';
import { UnsavedChangesPrompt } from '../components/useUnsavedGuard';
import { signOutLocally } from '../auth/session';
import { labelOf, ROLE_LABELS } from '../format/labels';
import { LangContext, useT } from '../i18n';
import { useInboxCount, useMay, useMe } from './useMe';
import './desk.css';

export function DeskLayout() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const me = useMe();
  const { may } = useMay();
  const count = useInboxCount();
  const location = useLocation();
  const selected =
    location.pathname.split('/')[2] === 'tariff-changes' ? 'tariffs' : (location.pathname.split('/')[2] ?? 'inbox');
  const items: { key: string; to: string; label: string; badge?: boolean }[] = [
    { key: 'inbox', to: '/desk/inbox', label: t('待辦', 'Inbox'), badge: true },
    { key: 'customers', to: '/desk/customers', label: t('客戶', 'Customers') },
    { key: 'quotes', to: '/desk/quotes', label: t('初始報價', 'Quotes') },
    { key: 'tariffs', to: '/desk/tariffs', label: t('原始報價', 'Tariffs') },
    { key: 'delegations', to: '/desk/delegations', label: t('委託', 'Delegations') },
    { key: 'jobs', to: '/desk/jobs', label: t('接單跟進表', 'Job board') },
    { key: 'deliveries', to: '/desk/deliveries', label: t('送貨跟進表', 'Deliveries') },
    { key: 'exceptions', to: '/desk/exceptions', label: t('異常動態表', 'Exceptions') },
    { key: 'volume', to: '/desk/volume', label: t('柜量', 'Container volume') },
    { key: 'briefing', to: '/desk/briefing', label: t('晨會報告', 'Morning briefing') },
    ...(may('readLedger')
      ? [
          { key: 'receivables', to: '/desk/receivables', label: t('應收帳款', 'Receivables') },
          { key: 'collections', to: '/desk/collections', label: t('收款日程', 'Collection schedule') },
          {
            key: 'collection-cases',
            to: '/desk/collection-cases',
            label: t('異常收款案件', 'Abnormal collection cases'),
          },
          { key: 'collection-rate', to: '/desk/collection-rate', label: t('回款率', 'Collection rate') },
          { key: 'write-offs', to: '/desk/write-offs', label: t('壞賬核銷', 'Write-offs') },
          { key: 'statements', to: '/desk/statements', label: t('對帳單', 'Statements') },
          { key: 'disputes', to: '/desk/disputes', label: t('爭議案件', 'Dispute cases') },
        ]
      : []),
    ...(may('readBalances') ? [{ key: 'balances', to: '/desk/balances', label: t('餘額核對', 'Balance check') }] : []),
    // Each menu shows when the route's own rule lets the user read it (GET /me `may`, api/capabilities.ts).
    ...(may('readVisits')
      ? [
          { key: 'visits', to: '/desk/visits', label: t('客戶訪問', 'Visits') },
          { key: 'visit-reports', to: '/desk/visit-reports', label: t('訪問報表', 'Visit reports') },
          { key: 'diary', to: '/desk/diary', label: t('成功日記', 'Success diary') },
        ]
      : []),
    ...(may('readProspects') ? [{ key: 'prospects', to: '/desk/prospects', label: t('潛在客戶', 'Prospects') }] : []),
    ...(may('readPlans')
      ? [
          { key: 'plans', to: '/desk/plans', label: t('計劃與總結', 'Plans and summaries') },
          { key: 'sales-analysis', to: '/desk/sales-analysis', label: t('銷售分析', 'Sales analysis') },
        ]
      : []),
    ...(may('readAudit') ? [{ key: 'audit', to: '/desk/audit', label: t('審計', 'Audit') }] : []),
    ...(me.data?.role === 'admin' || me.data?.role === 'auditor'
      ? [{ key: 'users', to: '/desk/users', label: t('用戶', 'Users') }]
      : []),
    { key: 'calendar', to: '/desk/calendar', label: t('工作日曆', 'Calendar') },
    ...(may('readContractTemplates')
      ? [{ key: 'contract-templates', to: '/desk/contract-templates', label: t('合同條款', 'Contract terms') }]
      : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* The page's first Tab stop: past the side navigation straight to the page (keyboard users, try-out s13). */}
      <a
        href="#main"
        className="desk-skip-link"
        data-testid="skip-to-main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('跳至主要內容', 'Skip to main content')}
      </a>
      <Layout.Sider
        width={220}
        theme="light"
        breakpoint="lg"
        collapsedWidth={0}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>freightflow 工作台</div>
        <nav aria-label={t('主選單', 'Main navigation')}>
          {/* Plain links: each one a Tab stop that Enter follows. */}
          <ul style={{ listStyle: 'none', margin: 0, padding: '0 8px' }}>
            {items.map((i) => (
              <li key={i.key}>
                <Link
                  to={i.to}
                  data-testid={`nav-${i.key}`}
                  aria-current={selected === i.key ? 'page' : undefined}
                  className="desk-nav-link"
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    gap: 8,
                    padding: '10px 16px',
                    borderRadius: 8,
                    margin: '2px 0',
                    color: selected === i.key ? '#1f5fa8' : 'rgba(0, 0, 0, 0.88)',
                    background: selected === i.key ? '#e6eef8' : undefined,
                    fontWeight: selected === i.key ? 600 : 400,
                  }}
                >
                  {i.label}
                  {i.badge && (
                    <Badge
                      count={count.data ?? 0}
                      showZero
                      overflowCount={999}
                      data-testid="inbox-badge"
                      color={count.data ? '#b0175f' : '#595959'}
                    />
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            gap: 16,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {me.data && (
            <span data-testid="whoami">
              {me.data.displayName} · {t.label(labelOf(ROLE_LABELS, me.data.role))}
            </span>
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
          <Button onClick={signOutLocally}>{t('登出', 'Sign out')}</Button>
        </Layout.Header>
        {/* antd's Layout.Content is the page's one <main> landmark. */}
        <Layout.Content id="main" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet />
          </ErrorBoundary>
          <UnsavedChangesPrompt />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
