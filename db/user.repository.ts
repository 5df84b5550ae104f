import type { Kysely } from 'kysely';
import { ROLES } from '../machines/roles';
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
      oc.column('id').doUpdateSet({ display_name: user.display_name, role: user.role, manager_id: user.manager_id ?? null }),
    )
    .execute();
}

/** Demo users for development: one per role, login = role key; salespeople report to `sales_manager`. */
export async function seedDemoUsers(db: Kysely<Database>): Promise<string[]> {
  // Managers first, so the salespeople's manager exists.
  const ordered = [...ROLES].sort((a, b) => Number(a === 'sales') - Number(b === 'sales'));
  for (const role of ordered) {
    await upsertUser(db, {
      id: role,
      display_name: `Demo ${role}`,
      role,
      manager_id: role === 'sales' ? 'sales_manager' : null,
    });
  }
  return [...ROLES];
}

/** Active users ordered by role then id: `{ id, display_name, role }[]` (the development sign-in picker). */
export async function listActiveUsers(db: Kysely<Database>): Promise<Pick<UserRow, 'id' | 'display_name' | 'role'>[]> {
  return db.selectFrom('users').select(['id', 'display_name', 'role']).where('active', '=', true).orderBy('role').orderBy('id').execute();
}
