import type { Kysely } from 'kysely';
import { findCustomerByNormalizedName } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { AppError } from '../../lib/errors';

/** Refuses (409) a normalised name that another customer already has, naming that customer's number. */
export async function refuseTakenName(
  db: Kysely<Database>,
  normalizedName: string,
  exceptCustomerNo?: string,
): Promise<void> {
  const existing = await findCustomerByNormalizedName(db, normalizedName);
  if (existing && existing.customer_no !== exceptCustomerNo) {
    throw new AppError(
      'conflict',
      `已有同名客戶 ${existing.customer_no} ${existing.full_name} A customer with this name already exists: ${existing.customer_no}`,
      {
        existingCustomerNo: existing.customer_no,
      },
    );
  }
}
