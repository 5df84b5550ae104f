/**
 * Quote builder 初始報價 (`/desk/quotes/new`): a salesperson picks one of their customers, adds lines
 * from the tariff in force, types prices and quantities and sees the API's pricing live (LinesEditor);
 * "Create" sends `POST /quotes` with an Idempotency-Key and opens the new quote, where it is submitted.
 */
import { useUnsavedGuard } from '../../components/useUnsavedGuard';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Space } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, sendWrite, unwrap } from '../../api/client';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { errorText } from '../../actions/ActionBar';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { useT } from '../../i18n';
import { useMay, useMe } from '../../layout/useMe';
import { DateInput } from '../../components/DateInput';
import { LinesEditor, linesValid, usePreview } from './LinesEditor';
import { toBodyLines, type EditLine, type QuoteDetail } from './lines';
import { customerText } from '../../format/labels';
import { Picker } from '../../components/Picker';
import { quoteValidUntilProblem } from '../../../../domain/quote';

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export default function QuoteBuilderPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const me = useMe();
  const { may, known } = useMay();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [customerNo, setCustomerNo] = useState<string | undefined>(params.get('customerNo') ?? undefined);
  const [validUntil, setValidUntil] = useState(() => addDays(businessToday(businessTimeZone), 30));
  const [lines, setLinesState] = useState<EditLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  /** Any edit makes the last refusal stale: its box goes, the fields judge the new values. */
  const setLines = (next: EditLine[]) => {
    setLinesState(next);
    setError(null);
    setSubmitError(null);
  };
  const [busy, setBusy] = useState(false);
  const customers = useQuery({
    queryKey: ['customers', 'mine'],
    queryFn: () => unwrap(api.GET('/customers', { params: { query: { limit: 200 } } })),
  });
  const tariff = useQuery({
    queryKey: ['tariffs', 'in-force'],
    queryFn: () => unwrap(api.GET('/tariffs/in-force')),
    retry: false,
  });
  // The API's rule (domain/quote.ts): a quote valid until a day before today is named under the field as typed.
  const validUntilProblem = quoteValidUntilProblem(validUntil, businessToday(businessTimeZone));
  const preview = usePreview(lines, tariff.data?.lines ?? [], undefined);
  // The lines are the work typed here: leaving with any asks first (until the quote is created).
  const release = useUnsavedGuard(lines.length > 0);
  // Invalid: a line its own checks mark, or one the API's pricing refused (shown on the line).
  const invalid =
    lines.length > 0 &&
    (!linesValid(lines, tariff.data?.lines ?? []) ||
      (preview.error instanceof ApiError && preview.error.fields.some((f) => f.path.startsWith('body.lines'))));

  if (known && !may('createQuote'))
    return <ErrorState kind="forbidden" title={['只有業務員可以建立報價', 'Only salespeople start quotes']} />;

  const create = async () => {
    setError(null);
    if (!customerNo) return setError(t('請選擇客戶', 'Pick a customer'));
    if (!lines.length) return setError(t('請加入至少一條明細', 'Add at least one line'));
    // Named under 報價有效期至 already: never sent.
    if (validUntilProblem) return;
    // A line its own checks mark is never sent: the marks on the line say what to fix.
    if (invalid) return setError(t('請先修正標示的明細', 'Fix the marked lines first'));
    setBusy(true);
    try {
      const q = await sendWrite<QuoteDetail>('POST', '/quotes', { customerNo, validUntil, lines: toBodyLines(lines) });
      await queryClient.invalidateQueries({ queryKey: ['quotes'] });
      release();
      void navigate(`/desk/quotes/${q.quoteNo}`);
    } catch (e) {
      setError(errorText(e, t));
      setSubmitError(e);
    } finally {
      setBusy(false);
    }
  };

  const usable = (customers.data?.items ?? []).filter(
    (c) => c.status !== 'suspended' && c.status !== 'terminated' && (!me.data || c.ownerId === me.data.id),
  );
  return (
    <section aria-labelledby="builder-title">
      <Typography.Title level={2} id="builder-title" style={{ fontSize: 22 }}>
        {t('新增初始報價', 'New quote')}
      </Typography.Title>
      {tariff.isError && (
        <ErrorState
          compact
          error={tariff.error}
          title={['目前沒有生效的原始報價', 'No tariff is in force today']}
          onRetry={() => void tariff.refetch()}
        />
      )}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Form layout="inline">
            <QueryError query={customers} title={['無法讀取客戶', 'Could not read the customers']} />
            <Form.Item label={t('客戶', 'Customer')} htmlFor="builder-customer" required>
              <Picker
                id="builder-customer"
                style={{ width: 520 }}
                placeholder={t('選擇我的客戶', 'Pick one of my customers')}
                search={t('搜尋客戶', 'Search customers')}
                value={customerNo}
                onChange={setCustomerNo}
                loading={customers.isLoading}
                options={usable.map((c) => ({ value: c.customerNo, label: customerText(c.customerNo, c.fullName) }))}
                data-testid="builder-customer"
              />
            </Form.Item>
            <Form.Item
              label={t('報價有效期至', 'Valid until')}
              htmlFor="builder-valid-until"
              required
              validateStatus={validUntilProblem ? 'error' : undefined}
              help={
                validUntilProblem
                  ? `${t('報價有效期至', 'Valid until')}：${t(validUntilProblem.zh, validUntilProblem.en)}`
                  : undefined
              }
            >
              <DateInput
                id="builder-valid-until"
                value={validUntil}
                onChange={(v) => {
                  setValidUntil(v);
                  setError(null);
                }}
                allowClear={false}
                data-testid="builder-valid-until"
              />
            </Form.Item>
            {tariff.data && (
              <Form.Item label={t('原始報價版本', 'Tariff version')}>
                <span>v{tariff.data.versionNo}</span>
              </Form.Item>
            )}
          </Form>
        </Card>
        <LinesEditor
          tariffLines={tariff.data?.lines ?? []}
          value={lines}
          onChange={setLines}
          preview={preview.data}
          previewError={preview.error}
          onPreviewRetry={() => void preview.refetch()}
          submitError={submitError}
        />
        {error && <Alert type="error" showIcon title={error} role="alert" data-testid="builder-error" />}
        <Space>
          <Button
            type="primary"
            onClick={() => void create()}
            loading={busy}
            disabled={!tariff.data || invalid || !!validUntilProblem}
            data-testid="builder-create"
          >
            {t('建立報價', 'Create quote')}
          </Button>
          {invalid && (
            <Typography.Text type="danger" data-testid="builder-invalid">
              {t('請先修正標示的明細', 'Fix the marked lines first')}
            </Typography.Text>
          )}
          <Button onClick={() => void navigate('/desk/quotes')}>{t('取消', 'Cancel')}</Button>
        </Space>
      </Space>
    </section>
  );
}
