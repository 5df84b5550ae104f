/**
 * Sign-in. Development: pick one of the seeded users (`GET /dev/users`, `POST /dev/sign-in`).
 * Production: the company's identity provider (OIDC authorization code + PKCE).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { userManager } from '../../auth/oidc';
import { setToken } from '../../auth/session';
import { useConfig } from '../../config';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { useT } from '../../i18n';
import { QueryError } from '../../components/ErrorState';
import { List } from '../../components/List';

interface DevUser {
  id: string;
  displayName: string;
  role: string;
}

async function devJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const body = (await res.json()) as T & { message?: string; code?: string };
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'internal', body.message ?? `HTTP ${res.status}`);
  return body;
}

export default function SignInPage() {
  const t = useT();
  const config = useConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/desk/inbox';
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['dev-users'],
    queryFn: () => devJson<{ items: DevUser[] }>('/dev/users'),
    enabled: config.devSignIn,
  });

  const signInAs = async (userId: string) => {
    setError(null);
    try {
      const { token } = await devJson<{ token: string }>('/dev/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      setToken(token);
      void navigate(from, { replace: true });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Flex justify="center" style={{ minHeight: '100vh', background: '#f5f7fa', padding: 24 }}>
      <main style={{ width: 560 }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          freightflow 工作台 · {t('登入', 'Sign in')}
        </Typography.Title>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {config.oidc && (
          <Card style={{ marginBottom: 16 }}>
            <Button
              type="primary"
              size="large"
              block
              onClick={() => void userManager(config.oidc!).signinRedirect({ state: { from } })}
            >
              {t('以公司帳號登入', 'Sign in with your company account')}
            </Button>
          </Card>
        )}
        {config.devSignIn && (
          <Card title={t('開發環境：選擇示範使用者', 'Development: pick a demo user')}>
            <QueryError query={users} />
            <List
              loading={users.isLoading}
              dataSource={users.data?.items ?? []}
              renderItem={(u) => (
                <List.Item
                  actions={[
                    <Button
                      key="go"
                      type="primary"
                      onClick={() => void signInAs(u.id)}
                      aria-label={`${t('登入為', 'Sign in as')} ${u.id}`}
                      data-testid={`sign-in-${u.id}`}
                    >
                      {t('登入', 'Sign in')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={u.displayName}
                    description={`${u.id} · ${t.label(labelOf(ROLE_LABELS, u.role))}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        )}
        {!config.devSignIn && !config.oidc && (
          <Alert
            type="warning"
            title={t('未設定登入方式', 'No sign-in is configured (OIDC_ISSUER_URL, OIDC_CLIENT_ID)')}
          />
        )}
      </main>
    </Flex>
  );
}
