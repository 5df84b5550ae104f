import { sql, type Kysely } from 'kysely';

/**
 * The salesperson's rhythm, part 1 (issue 14): the admin's overrides of the business calendar (a date made
 * a working day or a day off, with its name); each user's e-mail address, where notices are mailed; the
 * channel of a notice (`user`: a user by id, mailed and logged; `sms`: a customer's phone, before delivery).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('working', 'boolean', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('channel', 'text', (c) =>
      c
        .notNull()
        .defaultTo('user')
        .check(sql`channel in ('user', 'sms')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('channel').execute();
  await db.schema.alterTable('users').dropColumn('email').execute();
  await db.schema.dropTable('calendar_days').ifExists().execute();
}
