/** The OIDC redirect URI (`/desk/callback`): exchanges the code (PKCE) for tokens, keeps the access token. */
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { userManager } from '../../auth/oidc';
import { setToken } from '../../auth/session';
import { useConfig } from '../../config';

export default function CallbackPage() {
  const config = useConfig();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !config.oidc) return;
    started.current = true;
    userManager(config.oidc)
      .signinRedirectCallback()
      .then((user) => {
        setToken(user.access_token);
        const from = (user.state as { from?: string } | undefined)?.from ?? '/desk/inbox';
        void navigate(from, { replace: true });
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, [config.oidc, navigate]);
  return (
    <main style={{ padding: 48, textAlign: 'center' }}>
      {error ? <Alert type="error" title={`登入失敗 Sign-in failed: ${error}`} /> : <Spin aria-label="signing in" />}
    </main>
  );
}
