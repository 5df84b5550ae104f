/** `npm run token -- <login>`: mints a bearer token for a user (development, HS256 secret). */
import { appConfig } from '../lib/config';
import { openAppDatabase } from '../db/bootstrap';
import { findUserById } from '../db/user.repository';
import { mintToken } from '../lib/tokens';

const login = process.argv[2];
if (!login) {
  console.error('usage: npm run token -- <login>   (demo logins: sales, commerce, gm, marketing_manager, auditor, …)');
  process.exit(2);
}
const cfg = appConfig();
let known = true;
// The embedded database is single-process: while `npm run dev` holds it, skip the user check.
if (cfg.databaseUrl) {
  const dbh = await openAppDatabase(cfg, () => undefined);
  known = Boolean(await findUserById(dbh.db, login));
  await dbh.close();
}
if (!known) {
  console.error(`No user '${login}'. Demo users are seeded by npm run dev (one per role, login = role key).`);
  process.exit(1);
}
console.log(await mintToken(cfg.jwt, login));
