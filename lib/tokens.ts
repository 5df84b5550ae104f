/** Issues and verifies bearer JWTs: HS256 with a shared secret, or RS/ES keys from a JWKS URL. */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from './config';

export async function mintToken(cfg: AppConfig['jwt'], userId: string, ttlSeconds = 8 * 3600): Promise<string> {
  if (!cfg.secret) throw new Error('JWT_SECRET is not set: tokens are issued by your identity provider');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(cfg.issuer)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(cfg.secret));
}

export type TokenVerifier = (token: string) => Promise<string>;

/** Returns a function that yields the token's subject, or throws for any invalid token. */
export function createTokenVerifier(cfg: AppConfig['jwt']): TokenVerifier {
  const options = { issuer: cfg.issuer, audience: cfg.audience, clockTolerance: 5 };
  if (cfg.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(cfg.jwksUrl));
    return async (token) => subjectOf((await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256', 'PS256'] })).payload);
  }
  if (!cfg.secret) throw new Error('No JWT_SECRET or JWT_JWKS_URL configured');
  const key = new TextEncoder().encode(cfg.secret);
  return async (token) => subjectOf((await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload);
}

function subjectOf(payload: { sub?: string }): string {
  if (!payload.sub) throw new Error('token has no subject');
  return payload.sub;
}
