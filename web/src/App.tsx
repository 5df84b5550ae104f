/**
 * The desk: settings from the API, language (zh-Hant first, English beside), Ant Design locale, the
 * session, and the routes — each screen a lazily loaded folder under pages/, under /desk/… so that no
 * page path is one of the API's.
 */
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import { ErrorState } from './components/ErrorState';
import { Loading } from './components/ReadState';
import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Route, RouterProvider, Routes, useLocation } from 'react-router';
import { api, unwrap } from './api/client';
import { currentToken, onSessionChange } from './auth/session';
import { ConfigContext } from './config';
import { LangContext, type Lang } from './i18n';
import { DeskLayout } from './layout/DeskLayout';
import type { Label } from './format/labels';
import { enUS, zhTW } from './locale';
import { themeOf, useReducedMotion } from './theme';
import { validateMessages } from './validateMessages';

const SignInPage = lazy(() => import('./pages/sign-in/SignInPage'));
const CallbackPage = lazy(() => import('./pages/sign-in/CallbackPage'));
const InboxPage = lazy(() => import('./pages/inbox/InboxPage'));
const CustomersPage = lazy(() => import('./pages/customers/CustomersPage'));
const CustomerCardPage = lazy(() => import('./pages/customers/CustomerCardPage'));
const TariffsPage = lazy(() => import('./pages/tariffs/TariffsPage'));
const TariffPage = lazy(() => import('./pages/tariffs/TariffPage'));
const TariffChangePage = lazy(() => import('./pages/tariffs/TariffChangePage'));
const QuotesPage = lazy(() => import('./pages/quotes/QuotesPage'));
const QuotePage = lazy(() => import('./pages/quotes/QuotePage'));
const QuoteBuilderPage = lazy(() => import('./pages/quotes/QuoteBuilderPage'));
const DelegationsPage = lazy(() => import('./pages/delegations/DelegationsPage'));
const JobBoardPage = lazy(() => import('./pages/jobs/JobBoardPage'));
const JobPage = lazy(() => import('./pages/jobs/JobPage'));
const DeliveriesPage = lazy(() => import('./pages/boards/DeliveriesPage'));
const ExceptionsPage = lazy(() => import('./pages/boards/ExceptionsPage'));
const VolumePage = lazy(() => import('./pages/boards/VolumePage'));
const MonthlyVolumePage = lazy(() => import('./pages/boards/MonthlyVolumePage'));
const BriefingPage = lazy(() => import('./pages/boards/BriefingPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const RecordHistoryPage = lazy(() => import('./pages/audit/RecordHistoryPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const AgingPage = lazy(() => import('./pages/receivables/AgingPage'));
const CustomerLedgerPage = lazy(() => import('./pages/receivables/CustomerLedgerPage'));
const ContractTemplatesPage = lazy(() => import('./pages/admin/ContractTemplatesPage'));
const CollectionSchedulePage = lazy(() => import('./pages/receivables/CollectionSchedulePage'));
const CollectionRatePage = lazy(() => import('./pages/receivables/CollectionRatePage'));
const WriteOffsPage = lazy(() => import('./pages/receivables/WriteOffsPage'));
const StatementsPage = lazy(() => import('./pages/receivables/StatementsPage'));
const StatementPage = lazy(() => import('./pages/receivables/StatementPage'));
const DisputesPage = lazy(() => import('./pages/receivables/DisputesPage'));
const CollectionCasesPage = lazy(() => import('./pages/receivables/CollectionCasesPage'));
const CollectionCasePage = lazy(() => import('./pages/receivables/CollectionCasePage'));
const BalancesPage = lazy(() => import('./pages/receivables/BalancesPage'));
const BalanceUploadPage = lazy(() => import('./pages/receivables/BalanceUploadPage'));
const CalendarPage = lazy(() => import('./pages/rhythm/CalendarPage'));
const VisitPlanPage = lazy(() => import('./pages/visits/VisitPlanPage'));
const VisitPage = lazy(() => import('./pages/visits/VisitPage'));
const VisitReportsPage = lazy(() => import('./pages/visits/VisitReportsPage'));
const DiaryPage = lazy(() => import('./pages/visits/DiaryPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const PlanPage = lazy(() => import('./pages/plans/PlanPage'));
const SalesAnalysisPage = lazy(() => import('./pages/analysis/SalesAnalysisPage'));
const ProspectsPage = lazy(() => import('./pages/prospects/ProspectsPage'));
const ProspectPage = lazy(() => import('./pages/prospects/ProspectPage'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 2_000 } },
});

// Whoever signs in or out (in this tab or another), nothing read for the previous session is shown again.
onSessionChange(() => queryClient.clear());

const useToken = () => useSyncExternalStore(onSessionChange, currentToken);

function RequireSession({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) return <Navigate to="/desk/sign-in" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function Desk() {
  const config = useQuery({
    queryKey: ['client-config'],
    queryFn: () => unwrap(api.GET('/client-config')),
    staleTime: Infinity,
  });
  if (config.isError)
    return (
      <ErrorState
        error={config.error}
        kind="network"
        title={['無法連線', 'Cannot reach the API']}
        onRetry={() => void config.refetch()}
      />
    );
  if (!config.data) return <Loading />;
  return (
    <ConfigContext.Provider value={config.data}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/desk/sign-in" element={<SignInPage />} />
          <Route path="/desk/callback" element={<CallbackPage />} />
          <Route
            path="/desk"
            element={
              <RequireSession>
                <DeskLayout />
              </RequireSession>
            }
          >
            <Route index element={<Navigate to="/desk/inbox" replace />} />
            <Route path="inbox" element={<InboxPage />} />
            <Route path="customers" element={<CustomersPage />} />
            <Route path="customers/:customerNo" element={<CustomerCardPage />} />
            <Route path="tariffs" element={<TariffsPage />} />
            <Route path="tariffs/:versionNo" element={<TariffPage />} />
            <Route path="tariff-changes/:changeId" element={<TariffChangePage />} />
            <Route path="quotes" element={<QuotesPage />} />
            <Route path="quotes/new" element={<QuoteBuilderPage />} />
            <Route path="quotes/:quoteNo" element={<QuotePage />} />
            <Route path="delegations" element={<DelegationsPage />} />
            <Route path="jobs" element={<JobBoardPage />} />
            <Route path="jobs/:jobNo" element={<JobPage />} />
            <Route path="deliveries" element={<DeliveriesPage />} />
            <Route path="exceptions" element={<ExceptionsPage />} />
            <Route path="volume" element={<VolumePage />} />
            <Route path="volume/monthly" element={<MonthlyVolumePage />} />
            <Route path="briefing" element={<BriefingPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="audit/:recordType/:recordId" element={<RecordHistoryPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="receivables" element={<AgingPage />} />
            <Route path="receivables/:customerNo" element={<CustomerLedgerPage />} />
            <Route path="contract-templates" element={<ContractTemplatesPage />} />
            <Route path="calendar" element={<CalendarPage />} />
            <Route path="collections" element={<CollectionSchedulePage />} />
            <Route path="collection-rate" element={<CollectionRatePage />} />
            <Route path="write-offs" element={<WriteOffsPage />} />
            <Route path="statements" element={<StatementsPage />} />
            <Route path="statements/:statementId" element={<StatementPage />} />
            <Route path="disputes" element={<DisputesPage />} />
            <Route path="collection-cases" element={<CollectionCasesPage />} />
            <Route path="collection-cases/:caseId" element={<CollectionCasePage />} />
            <Route path="balances" element={<BalancesPage />} />
            <Route path="balances/:uploadId" element={<BalanceUploadPage />} />
            <Route path="visits" element={<VisitPlanPage />} />
            <Route path="visits/:visitId" element={<VisitPage />} />
            <Route path="visit-reports" element={<VisitReportsPage />} />
            <Route path="diary" element={<DiaryPage />} />
            <Route path="plans" element={<PlansPage />} />
            <Route path="plans/:planId" element={<PlanPage />} />
            <Route path="sales-analysis" element={<SalesAnalysisPage />} />
            <Route path="prospects" element={<ProspectsPage />} />
            <Route path="prospects/:prospectId" element={<ProspectPage />} />
            <Route path="*" element={<ErrorState kind="not_found" title={['找不到頁面', 'Page not found']} />} />
          </Route>
          <Route path="*" element={<Navigate to="/desk/inbox" replace />} />
        </Routes>
      </Suspense>
    </ConfigContext.Provider>
  );
}

/**
 * A data router (one splat route, the desk's own <Routes> inside): it is what lets a page with unsaved edits
 * ask before the desk navigates away (useBlocker, components/useUnsavedGuard.tsx).
 */
const router = createBrowserRouter([{ path: '*', element: <Desk /> }]);

export function App() {
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem('freightflow.lang') === 'en' ? 'en' : 'zh-Hant',
  );
  const setLang = (l: Lang) => {
    localStorage.setItem('freightflow.lang', l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hant';
    dayjs.locale(lang === 'en' ? 'en' : 'zh-tw');
  }, [lang]);
  const langValue = useMemo(() => ({ lang, setLang }), [lang]);
  const reducedMotion = useReducedMotion();
  const theme = useMemo(() => themeOf(reducedMotion), [reducedMotion]);
  const form = useMemo(() => {
    const t = (zh: string, en: string) => (lang === 'en' ? `${en} ${zh}` : `${zh} ${en}`);
    return { validateMessages: validateMessages(Object.assign(t, { label: (l: Label) => t(l[0], l[1]) })) };
  }, [lang]);
  return (
    <LangContext.Provider value={langValue}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhTW} theme={theme} form={form}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
