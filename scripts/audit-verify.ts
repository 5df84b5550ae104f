/** `npm run audit:verify`: checks the audit log's hash chain; exit code 1 when it is broken. */
import { openAppDatabase } from '../db/bootstrap';
import { appConfig } from '../lib/config';
import { verifyAuditLog } from '../db/audit-verify';

const dbh = await openAppDatabase(appConfig(), () => undefined);
try {
  const v = await verifyAuditLog(dbh.db);
  if (v.intact) {
    console.log(`Audit chain intact: ${v.rows} rows, last hash ${v.lastHash}`);
  } else {
    console.error(
      `Audit chain BROKEN at row ${v.brokenAtId} (${v.reason}) after ${v.rows} good rows: expected ${v.expected}, found ${v.found}`,
    );
    process.exitCode = 1;
  }
} finally {
  await dbh.close();
}
