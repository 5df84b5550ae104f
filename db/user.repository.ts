import { sql, type Kysely, type Transaction } from 'kysely';
import { plusDays } from '../domain/calendar';
import { businessInstant } from '../lib/dates';
import { ROLES, type Role } from '../machines/roles';
import type { Database } from './database';
import type { NewUser, UserRow } from './user.table';

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ids of the users who report to a manager, the manager included. */
export async function findTeamIds(db: Kysely<Database>, managerId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('manager_id', '=', managerId).execute();
  return [managerId, ...rows.map((r) => r.id)];
}

export async function upsertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values(user)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ display_name: user.display_name, role: user.role, manager_id: user.manager_id ?? null }),
    )
    .execute();
}

/** Users in id order, optionally of one role / activity, or whose id or display name contains `q`. */
export async function listUsers(
  db: Kysely<Database>,
  f: { role?: Role; active?: boolean; q?: string } = {},
): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll().orderBy('id');
  if (f.role) q = q.where('role', '=', f.role);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  return q.execute();
}

/** The users of `ids` (unknown ids left out). */
export async function findUsersByIds(db: Kysely<Database>, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** The user row, locked until the transaction ends, so concurrent changes of one user queue. */
export async function lockUserById(trx: Transaction<Database>, id: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertUser(trx: Transaction<Database>, user: NewUser): Promise<UserRow> {
  return trx.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Writes the given columns of one user. */
export async function updateUser(
  trx: Transaction<Database>,
  id: string,
  set: Partial<Pick<UserRow, 'display_name' | 'role' | 'manager_id' | 'price_authority_pct' | 'active'>>,
): Promise<UserRow> {
  return trx.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** How many customers a user owns (a salesperson who owns customers keeps the role). */
export async function countOwnedCustomers(db: Kysely<Database>, ownerId: string): Promise<number> {
  const r = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Display names of the given users (id → name); unknown ids are left out. */
export async function findDisplayNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * How a text (a mail, a notice, a refusal) names a user: their display name ("王小明"); the id itself for
 * an unknown id (e.g. `system`). Never throws for a missing user.
 */
export async function personText(db: Kysely<Database>, id: string): Promise<string> {
  return (await findDisplayNames(db, [id])).get(id) ?? id;
}

/** Demo display names: a person's name as documents print it (login = role key). */
const DEMO_NAMES: Record<Role, string> = {
  sales: '陳志明 Chen Zhiming',
  sales_manager: '李建華 Li Jianhua',
  marketing_manager: '張美玲 Zhang Meiling',
  commerce: '黃淑芬 Huang Shufen',
  gm: '王國強 Wang Guoqiang',
  settlement: '劉佳慧 Liu Jiahui',
  finance: '吳麗娟 Wu Lijuan',
  operations: '周俊傑 Zhou Junjie',
  ocean: '鄭海濤 Zheng Haitao',
  customs: '許文彬 Xu Wenbin',
  dispatch: '蔡明輝 Cai Minghui',
  warehouse: '楊志強 Yang Zhiqiang',
  auditor: '林秀英 Lin Xiuying',
  admin: '系統管理員 System Administrator',
};

/**
 * Demo users for development and tests: one per role, login = role key (`sales` reports to
 * `sales_manager`), plus a second sales team — `sales_b` reporting to `sales_manager_b` — so ownership
 * and team rules can be seen. Users that exist are left as they are. `joinedOn` (a business date, `npm run dev`'s
 * `DEMO_JOINED_ON`): their accounts count as created at its start, when created later — so the rhythm's
 * reminders have deadlines to look at on a fresh system. Returns the logins.
 */
export async function seedDemoUsers(db: Kysely<Database>, opts: { joinedOn?: string } = {}): Promise<string[]> {
  // Managers first, so the salespeople's managers exist.
  const ordered = [...ROLES].sort((a, b) => Number(a === 'sales') - Number(b === 'sales'));
  const users: NewUser[] = ordered.map((role) => ({
    id: role,
    display_name: DEMO_NAMES[role],
    role,
    manager_id: role === 'sales' ? 'sales_manager' : null,
    email: `${role}@freightflow.test`,
  }));
  users.splice(users.length - 1, 0, {
    id: 'sales_manager_b',
    display_name: '何嘉欣 He Jiaxin',
    role: 'sales_manager',
    manager_id: null,
    email: 'sales_manager_b@freightflow.test',
  });
  users.push({
    id: 'sales_b',
    display_name: '趙雅婷 Zhao Yating',
    role: 'sales',
    manager_id: 'sales_manager_b',
    email: 'sales_b@freightflow.test',
  });
  // Inserted when missing only: what the admin changed since (names, roles, deactivation) stays.
  await db
    .insertInto('users')
    .values(users)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Backdated (never moved later): deadlines from that day on are theirs (domain/rhythm.ts deadlineApplies).
  if (opts.joinedOn) {
    // created_at is never written by the app otherwise (user.table.ts): a plain statement for this one seeding.
    const at = businessInstant(`${opts.joinedOn}T00:00`);
    await sql`update users set created_at = ${at}
               where id in (${sql.join(users.map((u) => u.id))}) and created_at > ${at}`.execute(db);
  }
  return users.map((u) => u.id);
}

/**
 * The business date `DEMO_JOINED_ON` names (lib/config.ts): a date `YYYY-MM-DD` as it is, `<n>d` n calendar days
 * before `today` (a business date).
 */
export const demoJoinedOn = (setting: string, today: string): string =>
  setting.endsWith('d') ? plusDays(today, -Number(setting.slice(0, -1))) : setting;

/** Active users ordered by role then id: `{ id, display_name, role }[]` (the development sign-in picker). */
export async function listActiveUsers(db: Kysely<Database>): Promise<Pick<UserRow, 'id' | 'display_name' | 'role'>[]> {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('active', '=', true)
    .orderBy('role')
    .orderBy('id')
    .execute();
}
