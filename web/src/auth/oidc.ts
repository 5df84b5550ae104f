/**
 * Production sign-in: OpenID Connect authorization code flow with PKCE (oidc-client-ts) against the
 * identity provider named by `GET /client-config` (`OIDC_ISSUER_URL`, `OIDC_CLIENT_ID`, `OIDC_SCOPES`,
 * resource = the API's audience). The provider's access token is the API's bearer token.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scopes: string;
  resource: string;
}

/** The redirect URI to register at the provider: `<desk origin>/desk/callback`. */
export const redirectUri = (): string => `${window.location.origin}/desk/callback`;

export function userManager(s: OidcSettings): UserManager {
  return new UserManager({
    authority: s.issuer,
    client_id: s.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: s.scopes,
    extraQueryParams: { resource: s.resource },
    extraTokenParams: { resource: s.resource },
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}
