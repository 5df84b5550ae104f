/** Prints the path of the Temporal CLI, obtaining it first when needed. */
import { ensureTemporalCli } from '../lib/temporal-cli';

try {
  console.log(await ensureTemporalCli());
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
