import { sql, type Kysely } from 'kysely';

/**
 * The inbox shows tariff versions and tariff changes whose turn it is (issue 12 follow-up): the steps
 * write their `work_items` from now on; this opens the items of the records already waiting — a version
 * submitted to the GM, a returned draft (commerce: the audit row of its last step is a return), a change
 * waiting for the marketing manager or the GM — since the step that put them there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into work_items (record_type, record_id, step, role, owner_id, customer_no, summary, since)
    select 'tariff', v.version_no::text, v.status, case v.status when 'pending_gm' then 'gm' else 'commerce' end,
           null, null,
           jsonb_build_object('stepLabel', case v.status when 'pending_gm' then '待總經理審批 Waiting for the GM' else '草稿 Draft' end),
           coalesce((select max(a.occurred_at) from audit_log a
                      where a.record_type = 'tariff' and a.record_id = v.version_no::text), now())
      from tariff_versions v
     where (v.status = 'pending_gm'
            or (v.status = 'draft' and exists (select 1 from audit_log a where a.record_type = 'tariff'
                  and a.record_id = v.version_no::text and a.action = 'tariff.returned')))
       and not exists (select 1 from work_items w where w.record_type = 'tariff'
                         and w.record_id = v.version_no::text and w.closed_at is null)`.execute(db);
  await sql`
    insert into work_items (record_type, record_id, step, role, owner_id, customer_no, summary, since)
    select 'tariff_change', c.id::text, c.status,
           case c.status when 'pending_gm' then 'gm' else 'marketing_manager' end, null, null,
           jsonb_build_object('stepLabel', case c.status when 'pending_gm' then '待總經理審批 Waiting for the GM'
                                                        else '待市場部經理審批 Waiting for the marketing manager' end,
                              'title', c.reason),
           coalesce((select max(a.occurred_at) from audit_log a
                      where a.record_type = 'tariff_change' and a.record_id = c.id::text), now())
      from tariff_changes c
     where c.status in ('pending_marketing_manager', 'pending_gm')
       and not exists (select 1 from work_items w where w.record_type = 'tariff_change'
                         and w.record_id = c.id::text and w.closed_at is null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from work_items where record_type in ('tariff', 'tariff_change') and closed_at is null`.execute(db);
}
