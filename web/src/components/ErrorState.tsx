/**
 * The desk's one error state: an unknown page, a record not found (404), a forbidden page or record (403),
 * a network error, the API's 5xx, any other refusal of a read, and a screen that failed to draw — each in
 * zh-Hant with English beside (errors.ts ERROR_TITLES and describeError), with a way back and, where trying
 * again can help (network, 5xx), a retry button.
 * - `ErrorState`: the whole page (in antd Result's look; its 404 / 403 / 500 illustrations a lazily loaded chunk,
 *   ErrorIllustration.tsx) — a record page that could not be read, an unknown route, a
 *   page for other roles;
 * - `ErrorState compact`: one line above a list whose read failed (the page's filters stay usable);
 * - `ErrorBoundary`: around the routes, so a screen that throws while drawing (or whose code chunk cannot
 *   be loaded) shows the same state instead of a blank page; cleared when the path changes.
 * The way back (`backTo`) is the list of the record's kind (`/desk/quotes/Q…` → `/desk/quotes`), the
 * inbox from a list or an unknown page.
 */
import CloseCircleFilled from '@ant-design/icons/CloseCircleFilled';
import WarningFilled from '@ant-design/icons/WarningFilled';
import { Alert, Button, Space } from 'antd';
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { describeError, ERROR_TITLES } from '../api/errors';
import type { Label } from '../format/labels';
import { useT } from '../i18n';
import { THEME } from '../theme';
import './error-state.css';

const ErrorIllustration = lazy(() => import('./ErrorIllustration'));

/** What went wrong, as the state shows it. */
export type ErrorKind = 'not_found' | 'forbidden' | 'network' | 'server' | 'error';

/** Lists whose records live under another path: a tariff change is reached from the tariffs. */
const LIST_OF: Record<string, string> = { 'tariff-changes': 'tariffs' };

/**
 * The kind of a thrown read or write: an ApiError's code or status (client.ts), a fetch that got no answer
 * (`TypeError: Failed to fetch`) or a code chunk that could not be loaded as `network`, anything else `error`.
 */
export function errorKindOf(e: unknown): ErrorKind {
  const code = (e as { code?: unknown } | null)?.code;
  const status = (e as { status?: unknown } | null)?.status;
  if (code === 'not_found' || status === 404) return 'not_found';
  if (code === 'forbidden' || status === 403) return 'forbidden';
  if (code === 'network' || e instanceof TypeError || /dynamically imported module|Loading chunk/i.test(String(e)))
    return 'network';
  if (typeof status === 'number' && status >= 500) return 'server';
  return 'error';
}

/** The way back from `pathname`: its list for a record page (`/desk/quotes/Q1` → `/desk/quotes`), else the inbox. */
export function backTo(pathname: string): { to: string; label: Label } {
  const [, desk, list, record] = pathname.split('/');
  if (desk === 'desk' && list && record && list !== 'inbox')
    return { to: `/desk/${LIST_OF[list] ?? list}`, label: ['回到列表', 'Back to the list'] };
  return { to: '/desk/inbox', label: ['回到待辦', 'Back to the inbox'] };
}

const STATUS = { not_found: '404', forbidden: '403', network: 'warning', server: '500', error: 'error' } as const;
const TITLES: Record<ErrorKind, Label> = {
  not_found: ERROR_TITLES.not_found!,
  forbidden: ERROR_TITLES.forbidden!,
  network: ERROR_TITLES.network!,
  server: ERROR_TITLES.internal!,
  error: ERROR_TITLES.internal!,
};

export interface ErrorStateProps {
  /** What was thrown (an ApiError, a fetch's TypeError, …): its kind and bilingual description. */
  error?: unknown;
  /** The kind when there is no error to judge (an unknown page: `not_found`; a page for other roles: `forbidden`). */
  kind?: ErrorKind;
  /** A title saying what was not found or is not allowed (`['找不到此報價', 'No such quote']`); else the kind's. */
  title?: Label;
  /** Tries the read again (a query's `refetch`): offered for a network error and a 5xx. */
  onRetry?: () => void;
  /** One line above a list instead of the whole page. */
  compact?: boolean;
}

/** The error state of a page or list (see the module): bilingual title and detail, the way back, retry. */
export function ErrorState({ error, kind, title, onRetry, compact }: ErrorStateProps) {
  const t = useT();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const k = kind ?? errorKindOf(error);
  const back = backTo(pathname);
  const code = (error as { code?: unknown } | undefined)?.code;
  const heading = t.label(
    title ?? (k === 'error' && typeof code === 'string' ? ERROR_TITLES[code] : undefined) ?? TITLES[k],
  );
  // An ApiError's detail is bilingual (describeError); a request that got no answer says no more than its
  // heading (the browser's `Failed to fetch` is left out); anything else (a screen that threw) follows the
  // bilingual heading as it is, for the report to support.
  const fromApi = typeof code === 'string';
  const detail =
    error === undefined || (!fromApi && k === 'network')
      ? undefined
      : fromApi
        ? describeError(error, t)
        : error instanceof Error
          ? error.message
          : String(error);
  const retry = onRetry && (k === 'network' || k === 'server' || k === 'error') && (
    <Button onClick={onRetry} data-testid="error-retry">
      {t('重試', 'Try again')}
    </Button>
  );
  const home = (
    <Link to={back.to} data-testid="error-back">
      {t.label(back.label)}
    </Link>
  );
  if (compact)
    return (
      <Alert
        type="error"
        role="alert"
        showIcon
        data-testid="error-state"
        title={fromApi && !title ? detail : heading}
        description={fromApi && !title ? undefined : detail}
        action={
          <Space>
            {retry}
            {home}
          </Space>
        }
        style={{ marginBottom: 12 }}
      />
    );
  const status = STATUS[k];
  return (
    <div className={`desk-result desk-result-${status}`}>
      <div className={status === 'warning' || status === 'error' ? 'desk-result-icon' : 'desk-result-image'}>
        {status === 'warning' ? (
          <WarningFilled style={{ color: THEME.token.colorWarning }} />
        ) : status === 'error' ? (
          <CloseCircleFilled style={{ color: THEME.token.colorError }} />
        ) : (
          // The illustration is decoration: when its chunk cannot be loaded, the state shows without it.
          <NothingOnError>
            <Suspense fallback={null}>
              <ErrorIllustration status={status} />
            </Suspense>
          </NothingOnError>
        )}
      </div>
      <div className="desk-result-title">
        <span data-testid="error-state">{heading}</span>
      </div>
      {detail && <div className="desk-result-subtitle">{detail}</div>}
      <div className="desk-result-extra">
        <Space>
          {retry}
          <Button type="primary" onClick={() => void navigate(back.to)} data-testid="error-back">
            {t.label(back.label)}
          </Button>
        </Space>
      </div>
    </div>
  );
}

/** Draws nothing instead of its children when they throw (a decoration whose chunk could not be loaded). */
class NothingOnError extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/**
 * Catches a screen that throws while drawing (or whose lazily loaded chunk cannot be fetched) and shows
 * ErrorState; `resetKey` (the path) clears it, so navigating away recovers without a reload.
 */
export class ErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: unknown }> {
  state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  render() {
    return this.state.error ? <ErrorState error={this.state.error} /> : this.props.children;
  }
}

/**
 * The compact error state of one read (a TanStack query) inside a page, dialog or panel — the bilingual error
 * and a retry (the query's `refetch`) — or nothing while the read has not failed. Every read a screen draws
 * from shows its failure this way (test/unit/query-errors.test.ts), never an empty table or a blank dialog.
 */
export function QueryError({
  query,
  title,
}: {
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  /** What could not be read (`['無法讀取合同', 'Could not read the contracts']`); else the error's own title. */
  title?: Label;
}) {
  if (!query.isError) return null;
  return <ErrorState compact error={query.error} title={title} onRetry={() => void query.refetch()} />;
}
