/** What the API needs from the outside world; built once by the process that serves it. */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../lib/config';
import type { TokenVerifier } from '../lib/tokens';
import type { Database } from '../db/database';
import type { TemporalConfig } from '../temporal.config';

export interface ApiDeps {
  db: Kysely<Database>;
  temporal: Client;
  config: AppConfig;
  temporalConfig: TemporalConfig;
  verifyToken: TokenVerifier;
}
