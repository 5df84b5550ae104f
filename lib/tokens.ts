/** Issues and verifies bearer JWTs: HS256 with a shared secret, or RS/ES keys from a JWKS URL. */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from './config';

/** A HS256 token for `userId` valid `ttlSeconds` (development, tests, bench; production tokens come from the identity provider). */
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

/** Why a token is refused after its signature checked out (the caller answers 401 for every one). */
export class TokenClaimsError extends Error {
  override name = 'TokenClaimsError';
}

const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Returns a function that yields the token's subject, or throws for any invalid token: bad signature
 * or algorithm, wrong `iss` / `aud`, expired or not yet valid, no `exp`, a lifetime (`exp − iat`, and
 * `exp − now`) beyond `cfg.maxLifetimeSeconds`, or a `sub` that is not a non-empty string of at most
 * 128 characters without control characters.
 */
export function createTokenVerifier(cfg: AppConfig['jwt']): TokenVerifier {
  const options = {
    issuer: cfg.issuer,
    audience: cfg.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
  };
  const claims = (payload: JWTPayload) => subjectOf(payload, cfg.maxLifetimeSeconds);
  if (cfg.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(cfg.jwksUrl));
    return async (token) =>
      claims((await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256', 'PS256'] })).payload);
  }
  if (!cfg.secret) throw new Error('No JWT_SECRET or JWT_JWKS_URL configured');
  const key = new TextEncoder().encode(cfg.secret);
  return async (token) => claims((await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload);
}

/** The subject of a verified payload, after the lifetime and subject rules; throws TokenClaimsError. */
export function subjectOf(
  payload: JWTPayload,
  maxLifetimeSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const { sub, exp, iat } = payload as { sub?: unknown; exp?: unknown; iat?: unknown };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new TokenClaimsError('token has no expiry');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat)))
    throw new TokenClaimsError('token has a malformed iat');
  const limit = maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS;
  if (exp - nowSeconds > limit || (typeof iat === 'number' && exp - iat > limit)) {
    throw new TokenClaimsError(`token lives longer than the allowed ${maxLifetimeSeconds} s`);
  }
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || /[\u0000-\u001F\u007F-\u009F]/.test(sub)) {
    throw new TokenClaimsError('token subject must be a non-empty string without control characters');
  }
  return sub;
}
