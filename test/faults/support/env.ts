/**
 * What `npm run test:faults` needs from the environment. Missing settings fail the run with one clear
 * message: a fault suite that quietly skips its scenarios would prove nothing.
 */
export interface FaultEnv {
  /** PostgreSQL server on which each scenario creates (and drops) its own database. */
  databaseUrl: string;
  /** Shell command that stops that PostgreSQL server (waits until it is down). */
  pgStop: string;
  /** Shell command that starts it again (waits until it accepts connections). */
  pgStart: string;
}

export function readFaultEnv(env: NodeJS.ProcessEnv = process.env): FaultEnv {
  const missing = (['DATABASE_URL', 'FAULTS_PG_STOP', 'FAULTS_PG_START'] as const).filter((k) => !env[k]?.trim());
  if (missing.length) {
    throw new Error(
      `npm run test:faults needs ${missing.join(', ')}: DATABASE_URL of a PostgreSQL server the suite may create databases on, ` +
        `and FAULTS_PG_STOP / FAULTS_PG_START, shell commands that stop and start that server ` +
        `(e.g. FAULTS_PG_STOP='pg_ctlcluster 15 main stop' FAULTS_PG_START='pg_ctlcluster 15 main start'; .ci/run sets them for its cluster).`,
    );
  }
  return { databaseUrl: env.DATABASE_URL!, pgStop: env.FAULTS_PG_STOP!, pgStart: env.FAULTS_PG_START! };
}
