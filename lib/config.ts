/** Application settings (database, HTTP, authentication), read once from the environment and validated. */
import { z } from 'zod';
import { parseCollectionWeights, type CollectionWeights } from '../domain/collection';
import type { CollectionTimers } from '../domain/collection-case';

const DEV_SECRET = 'freightflow-dev-secret-not-for-production-0000';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default('.data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_ISSUER: z.string().default('freightflow'),
  JWT_AUDIENCE: z.string().default('freightflow-api'),
  JWT_JWKS_URL: z.string().url().optional(),
  /** Longest lifetime a token may have (exp − iat, and exp − now), e.g. '24h'; tokens without exp are refused. */
  JWT_MAX_LIFETIME: z.string().default('24h'),
  CUSTOMER_NO_FORMAT: z
    .string()
    .regex(/\{seq(:\d+)?\}/, 'must contain {seq} or {seq:N}')
    .default('C{year}-{seq:5}'),
  CONTRACT_NO_FORMAT: z
    .string()
    .regex(/\{seq(:\d+)?\}/, 'must contain {seq} or {seq:N}')
    .default('HT{year}-{seq:5}'),
  /** Largest discount below tariff a salesperson may quote without the marketing manager, per cent (per-user override in users). */
  PRICE_AUTHORITY_DEFAULT_PCT: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$|^100$/)
    .default('5'),
  /** Due times of the quote chain's human steps, e.g. '1d', '4h', '30m', '5s', or working days '1wd' (parseDueTime). */
  QUOTE_SLA_PRICE_APPROVAL: z.string().default('1d'),
  QUOTE_SLA_COMMERCE_REVIEW: z.string().default('1d'),
  QUOTE_SLA_INTERNAL_QUOTE: z.string().default('2d'),
  QUOTE_SLA_BUDGET_REVIEW: z.string().default('2d'),
  QUOTE_SLA_CONTRACT_DRAFTING: z.string().default('2d'),
  QUOTE_SLA_CONTRACT_REVIEW: z.string().default('1d'),
  QUOTE_SLA_CONTRACT_APPROVAL: z.string().default('2d'),
  /** Due times of inbox items outside the quote chain (parseDueTime): a statement dispute, a submitted plan's review. */
  INBOX_SLA_DISPUTE_RESOLVE: z.string().default('5wd'),
  /** A statement back to sent after its disputes were settled, awaiting the customer's answer again. */
  INBOX_SLA_STATEMENT_ANSWER: z.string().default('5wd'),
  INBOX_SLA_PLAN_REVIEW: z.string().default('2wd'),
  /** A tariff version's step (the GM's approval, commerce's revision of a returned draft) and a tariff change's. */
  INBOX_SLA_TARIFF: z.string().default('2wd'),
  INBOX_SLA_TARIFF_CHANGE: z.string().default('2wd'),
  /** The sales manager's item of an escalated collection case. */
  INBOX_SLA_COLLECTION_ESCALATION: z.string().default('2wd'),
  /** The GM's decision on a write-off proposal 壞賬核銷 (proposed or resubmitted). */
  INBOX_SLA_WRITE_OFF: z.string().default('3wd'),
  /** The proposer's revision of a write-off the GM returned (resubmit it; until then nothing else is proposed on its receivable). */
  INBOX_SLA_WRITE_OFF_REVISE: z.string().default('3wd'),
  /** Quote states whose turn no QUOTE_SLA_* times (inbox due only, no overdue timer): draft, customer's answer, signature, actual costs. */
  INBOX_SLA_QUOTE_DRAFT: z.string().default('2wd'),
  INBOX_SLA_QUOTE_CUSTOMER: z.string().default('5wd'),
  INBOX_SLA_QUOTE_SIGNATURE: z.string().default('5wd'),
  INBOX_SLA_QUOTE_COSTS: z.string().default('20wd'),
  /** Writes (POST/PUT/PATCH/DELETE) per user per minute; 0 switches the limit off. */
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Aging bucket edges in days past due, comma-separated and increasing (not yet due / 1–30 / 31–60 / 61–90 / over 90). */
  AGING_BUCKET_DAYS: z
    .string()
    .regex(/^\d{1,4}(,\d{1,4}){0,9}$/)
    .refine(
      (v) => v.split(',').every((x, i, a) => Number(x) >= 1 && (i === 0 || Number(x) > Number(a[i - 1]))),
      'must increase from 1',
    )
    .default('30,60,90'),
  /** Weights of the collection schedule's score (domain/collection.ts), e.g. 'amount=0.4,age=0.3,credit=0.2,volume=0.1'. */
  COLLECTION_WEIGHTS: z.string().max(300).default(''),
  /** How often the worker commits the audit chains' heads into a checkpoint (db/audit.repository.ts), e.g. '1m'. */
  AUDIT_CHECKPOINT_INTERVAL: z.string().default('1m'),
  /** Abnormal collection 異常收款: how often the Temporal Schedule scans the ledger for money past due. */
  COLLECTION_SCAN_EVERY: z.string().default('1h'),
  /** A case's salesperson is reminded this long after it opened and again every as long until a proposal. */
  COLLECTION_REMIND_EVERY: z.string().default('2d'),
  /** A case without a proposal this long after it opened is escalated to the sales manager. */
  COLLECTION_ESCALATE_AFTER: z.string().default('7d'),
  /** Due time of the GM's decision on a proposal. */
  COLLECTION_DECISION_DUE: z.string().default('2d'),
  /** The rhythm's reminders (diary, weekly / monthly / annual reports): the Schedules' time of day, HH:MM business time. */
  RHYTHM_REMINDERS_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM')
    .default('08:30'),
  /** Instead of once a day: run the rhythm's Schedules at this interval (tests and demos, e.g. '5s'). */
  RHYTHM_REMINDERS_EVERY: z.string().optional(),
  /**
   * `npm run dev` only: the business date the demo users joined — `YYYY-MM-DD`, or `<n>d` for n days before today
   * — so the rhythm has deadlines to remind them of on a fresh system (README, "A reminder that arrives").
   */
  DEMO_JOINED_ON: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2}|\d{1,3}d)$/, 'must be a date YYYY-MM-DD or a number of days ago such as 7d')
    .refine((v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return true; // the pattern above answers
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    }, 'must be a real date')
    .optional(),
  /** SMTP server the outbox mails notices through, e.g. smtp://user:pass@mail.example.com:587; unset: logged only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of the notice mails. */
  MAIL_FROM: z.string().min(3).max(200).default('freightflow 通知 <noreply@freightflow.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The built browser desk the API serves at `/` (`npm run web:build`). */
  WEB_DIST_DIR: z.string().default('web/dist'),
  /** OpenID Connect sign-in of the desk in production: the identity provider whose tokens JWT_JWKS_URL verifies. */
  OIDC_ISSUER_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default('openid profile'),
  /** Resource indicator (RFC 8707) the desk asks the provider's access token for; default JWT_AUDIENCE. */
  OIDC_RESOURCE: z.string().optional(),
});

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  port: number;
  host: string;
  /** `maxLifetimeSeconds`: a token whose exp lies further than this after its iat (or after now) is refused. */
  jwt: { secret?: string; issuer: string; audience: string; jwksUrl?: string; maxLifetimeSeconds: number };
  customerNoFormat: string;
  contractNoFormat: string;
  priceAuthorityDefaultPct: string;
  /** Due time per quote step key, in milliseconds (steps given in calendar time). */
  quoteSla: Record<string, number>;
  /** Due time per quote step key, in working days of the business calendar (steps given as `<n>wd`). */
  quoteSlaWorkingDays: Record<string, number>;
  /** Due times of inbox items no other rule times (db/due-time.ts `dueAtOf`). */
  inboxSla: InboxSla;
  rateLimitWritesPerMinute: number;
  /** Aging bucket edges in days past due, increasing (domain/ledger.ts `agingBuckets`). */
  agingBucketDays: number[];
  /** Weights of the collection schedule's score. */
  collectionWeights: CollectionWeights;
  /** Milliseconds between audit checkpoints (worker/audit-checkpoint.ts). */
  auditCheckpointMs: number;
  /** Abnormal collection: the scan's interval and each case's timers, in milliseconds. */
  collection: { scanEveryMs: number; timers: CollectionTimers };
  /** The rhythm's reminder Schedules: daily at `at` (business time), or every `everyMs` when set. */
  rhythm: { at: { hour: number; minute: number }; everyMs?: number };
  /** `DEMO_JOINED_ON` as written (`YYYY-MM-DD` or `<n>d`; `demoJoinedOn` resolves it): `npm run dev`'s demo users. */
  demoJoinedOn?: string;
  /** Notice mail: the SMTP server (absent: notices are only logged) and the From address. */
  mail: { smtpUrl?: string; from: string };
  logLevel: string;
  /** Folder of the built desk (index.html + assets). */
  webDistDir: string;
  /** The desk's OpenID Connect client (authorization code + PKCE); absent: development sign-in only. */
  oidc?: { issuer: string; clientId: string; scopes: string; resource: string };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '1d' → 86 400 000; '500ms', '30s', '15m', '4h' likewise. */
function parseDuration(s: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(s.trim());
  if (!m) throw new Error(`Invalid duration '${s}': use a number with ms, s, m, h or d`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** A step's due time: calendar time in milliseconds, or whole working days of the business calendar. */
export type DueTime = { ms: number } | { workingDays: number };

/** Quote states whose inbox item no QUOTE_SLA_* times (the machine's states with a role and no `due`). */
export const QUOTE_INBOX_SLA_STATES = ['draft', 'awaiting_customer', 'contract_issued', 'signed'] as const;
export type QuoteInboxSlaState = (typeof QUOTE_INBOX_SLA_STATES)[number];

/**
 * Due times of the inbox items no workflow timer or deadline times (`INBOX_SLA_*`): a statement dispute's
 * `dispute.resolve` and a statement's `statement.answer` after its disputes were settled, a submitted plan's `plan.review`, a tariff version's and a tariff change's steps, the sales
 * manager's collection escalation, the GM's decision on a write-off and its proposer's revision of a returned one, and the quote states of `QUOTE_INBOX_SLA_STATES`.
 */
export interface InboxSla {
  disputeResolve: DueTime;
  /** `statement.answer`: a statement whose disputes were settled, awaiting the customer's answer again. */
  statementAnswer: DueTime;
  planReview: DueTime;
  tariff: DueTime;
  tariffChange: DueTime;
  collectionEscalation: DueTime;
  /** The GM's `write_off.decide` of a proposed (or resubmitted) write-off. */
  writeOff: DueTime;
  /** The proposer's `write_off.revise` of a write-off the GM returned. */
  writeOffRevise: DueTime;
  quote: Record<QuoteInboxSlaState, DueTime>;
}

/**
 * A due time as configured: `'<n>wd'` (1–60 working days: due at the end of the n-th working day after
 * the step began, business time zone, domain/calendar.ts) or a duration (`'1d'`, `'4h'`, …). Throws on anything else.
 */
export function parseDueTime(s: string): DueTime {
  const wd = /^(\d{1,2})wd$/.exec(s.trim());
  if (wd) {
    const n = Number(wd[1]);
    if (n < 1 || n > 60) throw new Error(`Invalid due time '${s}': working days go from 1wd to 60wd`);
    return { workingDays: n };
  }
  try {
    return { ms: parseDuration(s) };
  } catch {
    throw new Error(`Invalid due time '${s}': use working days (e.g. 1wd) or a number with ms, s, m, h or d`);
  }
}

/** The quote chain's due times by step key, split into calendar time and working days. */
function quoteDueTimes(byKey: Record<string, string>): Pick<AppConfig, 'quoteSla' | 'quoteSlaWorkingDays'> {
  const quoteSla: Record<string, number> = {};
  const quoteSlaWorkingDays: Record<string, number> = {};
  for (const [key, value] of Object.entries(byKey)) {
    const due = parseDueTime(value);
    if ('ms' in due) quoteSla[key] = due.ms;
    else quoteSlaWorkingDays[key] = due.workingDays;
  }
  return { quoteSla, quoteSlaWorkingDays };
}

export function readAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  if ((e.OIDC_ISSUER_URL === undefined) !== (e.OIDC_CLIENT_ID === undefined)) {
    throw new Error('Invalid configuration: OIDC_ISSUER_URL and OIDC_CLIENT_ID go together');
  }
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
    throw new Error('Invalid configuration: production needs JWT_SECRET or JWT_JWKS_URL');
  }
  const secret = e.JWT_SECRET ?? (e.NODE_ENV === 'production' ? undefined : DEV_SECRET);
  return {
    env: e.NODE_ENV,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    jwt: {
      ...(secret ? { secret } : {}),
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      ...(e.JWT_JWKS_URL ? { jwksUrl: e.JWT_JWKS_URL } : {}),
      maxLifetimeSeconds: Math.floor(parseDuration(e.JWT_MAX_LIFETIME) / 1000),
    },
    customerNoFormat: e.CUSTOMER_NO_FORMAT,
    contractNoFormat: e.CONTRACT_NO_FORMAT,
    priceAuthorityDefaultPct: e.PRICE_AUTHORITY_DEFAULT_PCT,
    ...quoteDueTimes({
      price_approval: e.QUOTE_SLA_PRICE_APPROVAL,
      commerce_review: e.QUOTE_SLA_COMMERCE_REVIEW,
      internal_quote: e.QUOTE_SLA_INTERNAL_QUOTE,
      budget_review: e.QUOTE_SLA_BUDGET_REVIEW,
      contract_drafting: e.QUOTE_SLA_CONTRACT_DRAFTING,
      contract_review: e.QUOTE_SLA_CONTRACT_REVIEW,
      contract_approval: e.QUOTE_SLA_CONTRACT_APPROVAL,
    }),
    inboxSla: {
      disputeResolve: parseDueTime(e.INBOX_SLA_DISPUTE_RESOLVE),
      statementAnswer: parseDueTime(e.INBOX_SLA_STATEMENT_ANSWER),
      planReview: parseDueTime(e.INBOX_SLA_PLAN_REVIEW),
      tariff: parseDueTime(e.INBOX_SLA_TARIFF),
      tariffChange: parseDueTime(e.INBOX_SLA_TARIFF_CHANGE),
      collectionEscalation: parseDueTime(e.INBOX_SLA_COLLECTION_ESCALATION),
      writeOff: parseDueTime(e.INBOX_SLA_WRITE_OFF),
      writeOffRevise: parseDueTime(e.INBOX_SLA_WRITE_OFF_REVISE),
      quote: {
        draft: parseDueTime(e.INBOX_SLA_QUOTE_DRAFT),
        awaiting_customer: parseDueTime(e.INBOX_SLA_QUOTE_CUSTOMER),
        contract_issued: parseDueTime(e.INBOX_SLA_QUOTE_SIGNATURE),
        signed: parseDueTime(e.INBOX_SLA_QUOTE_COSTS),
      },
    },
    rateLimitWritesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    agingBucketDays: e.AGING_BUCKET_DAYS.split(',').map(Number),
    collectionWeights: parseCollectionWeights(e.COLLECTION_WEIGHTS),
    auditCheckpointMs: parseDuration(e.AUDIT_CHECKPOINT_INTERVAL),
    collection: {
      scanEveryMs: Math.max(1000, parseDuration(e.COLLECTION_SCAN_EVERY)),
      timers: {
        remindEveryMs: parseDuration(e.COLLECTION_REMIND_EVERY),
        escalateAfterMs: parseDuration(e.COLLECTION_ESCALATE_AFTER),
        decisionDueMs: parseDuration(e.COLLECTION_DECISION_DUE),
      },
    },
    rhythm: {
      at: { hour: Number(e.RHYTHM_REMINDERS_AT.slice(0, 2)), minute: Number(e.RHYTHM_REMINDERS_AT.slice(3)) },
      ...(e.RHYTHM_REMINDERS_EVERY ? { everyMs: Math.max(1000, parseDuration(e.RHYTHM_REMINDERS_EVERY)) } : {}),
    },
    ...(e.DEMO_JOINED_ON ? { demoJoinedOn: e.DEMO_JOINED_ON } : {}),
    mail: { ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}), from: e.MAIL_FROM },
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR,
    ...(e.OIDC_ISSUER_URL && e.OIDC_CLIENT_ID
      ? {
          oidc: {
            issuer: e.OIDC_ISSUER_URL,
            clientId: e.OIDC_CLIENT_ID,
            scopes: e.OIDC_SCOPES,
            resource: e.OIDC_RESOURCE ?? e.JWT_AUDIENCE,
          },
        }
      : {}),
  };
}

/** The `INBOX_SLA_*` defaults, for activities built without a configuration (tests). */
export const defaultInboxSla = (): InboxSla => readAppConfig({ NODE_ENV: 'test' }).inboxSla;

let cached: AppConfig | undefined;
export function appConfig(): AppConfig {
  cached ??= readAppConfig();
  return cached;
}
