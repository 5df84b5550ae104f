/** Every activity the worker registers, built over its dependencies so tests can pass their own. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { InboxSla } from '../lib/config';
import { createQuoteActivities, type QuoteActivityConfig } from './quotes.activities';
import { createTariffActivities } from './tariffs.activities';
import { createJobActivities } from './jobs.activities';
import { createCollectionActivities, type CollectionActivityConfig } from './collection.activities';
import { createVisitActivities } from './visit.activities';
import { createRhythmActivities } from './rhythm.activities';

export interface ActivityDeps {
  db: Kysely<Database>;
  /** `inboxSla` (INBOX_SLA_*): absent, the defaults. */
  config: QuoteActivityConfig & CollectionActivityConfig & { inboxSla?: InboxSla };
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTariffActivities(deps),
    ...createQuoteActivities(deps),
    ...createJobActivities(deps),
    ...createCollectionActivities(deps),
    ...createVisitActivities(deps),
    ...createRhythmActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
