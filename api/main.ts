/** `npm run api`: the HTTP API process (production / scale-out). */
import { appConfig } from '../lib/config';
import { onShutdown } from '../lib/bootstrap';
import { openAppDatabase } from '../db/bootstrap';
import { createTokenVerifier } from '../lib/tokens';
import { temporalConfig } from '../temporal.config';
import { connectClient } from '../lib/temporal-client';
import { initMetrics } from '../lib/metrics';
import { ensureCollectionScanSchedule } from '../lib/collection-scan';
import { ensureRhythmSchedules } from '../lib/rhythm-schedules';
import { buildServer } from './server';

initMetrics('api');
const cfg = appConfig();
const tcfg = temporalConfig();
const dbh = await openAppDatabase(cfg);
const temporal = await connectClient(tcfg);
await ensureCollectionScanSchedule(temporal, { ...tcfg, everyMs: cfg.collection.scanEveryMs });
await ensureRhythmSchedules(temporal, { ...tcfg, ...cfg.rhythm });
const app = await buildServer({
  db: dbh.db,
  temporal,
  config: cfg,
  temporalConfig: tcfg,
  verifyToken: createTokenVerifier(cfg.jwt),
});
onShutdown(async () => {
  await app.close();
  await temporal.connection.close();
  await dbh.close();
});
await app.listen({ port: cfg.port, host: cfg.host });
