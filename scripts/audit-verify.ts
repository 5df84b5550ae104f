/**
 * `npm run audit:verify`: checks the audit log — the global chain of before migration 0017, every
 * record's chain, every checkpoint (db/audit-verify.ts); exit code 1 when anything is broken.
 */
import { openAppDatabase } from '../db/bootstrap';
import { appConfig } from '../lib/config';
import { verifyAuditLog } from '../db/audit-verify';

const dbh = await openAppDatabase(appConfig(), () => undefined);
try {
  const v = await verifyAuditLog(dbh.db);
  if (v.intact) {
    console.log(
      `Audit log intact: ${v.rows} rows in ${v.records} record chains (${v.legacyRows} in the global chain of before per-record chains), ` +
        `${v.checkpoints} checkpoints, ${v.uncheckpointedRows} rows not yet in a checkpoint; last checkpoint hash ${v.lastHash}`,
    );
  } else {
    const where = [
      v.brokenAtId !== undefined ? `row ${v.brokenAtId}` : undefined,
      v.recordType ? `${v.recordType} ${v.recordId}` : undefined,
      v.checkpointId !== undefined ? `checkpoint ${v.checkpointId}` : undefined,
    ].filter(Boolean);
    console.error(
      `Audit log BROKEN at ${where.join(', ')} (${v.reason}) after ${v.rows} good rows: expected ${v.expected}, found ${v.found}`,
    );
    process.exitCode = 1;
  }
} finally {
  await dbh.close();
}
