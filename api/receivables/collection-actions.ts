/**
 * What the caller may do from a row of the collection schedule 收款日程 (`actions` of each row of
 * `GET /collections/schedule`): set the planned collection date (`PUT /customers/{no}/collection-plan`)
 * and record a call with any promise to pay (`POST /customers/{no}/collection-calls`). The rule is the
 * one those routes enforce (`collectionWriter`): the customer's salesperson or their sales manager
 * (COLLECTION_WRITERS), on a customer in their sight — the schedule lists only such customers. Every
 * other role (finance, the GM, auditors …) gets no action and is refused 403.
 */
import type { FastifyRequest } from 'fastify';
import type { RecordAction } from '../../domain/actions';
import { requireRole, type CurrentUser } from '../auth';
import { COLLECTION_WRITERS } from './access';

/** The caller if they may plan collections and record calls; else throws AppError 403 (`role_not_allowed`; `read_only` for auditors). */
export function collectionWriter(req: FastifyRequest, what: string): CurrentUser {
  return requireRole(req, COLLECTION_WRITERS, what);
}

/**
 * The steps of one schedule row (customer `customerNo`, in the caller's sight): `collection-plan` (PUT)
 * and `collection-calls` (POST), both allowed; `[]` for a role that may not take them.
 */
export function collectionRowActions(user: CurrentUser, customerNo: string): RecordAction[] {
  if (!COLLECTION_WRITERS.includes(user.role)) return [];
  const base = `/customers/${encodeURIComponent(customerNo)}`;
  return [
    {
      step: 'collection-plan',
      method: 'PUT',
      path: `${base}/collection-plan`,
      labelZh: '預定收款日',
      labelEn: 'Plan the collection date',
      commentRequired: false,
      allowed: true,
    },
    {
      step: 'collection-calls',
      method: 'POST',
      path: `${base}/collection-calls`,
      labelZh: '記錄通話',
      labelEn: 'Record call',
      commentRequired: false,
      allowed: true,
    },
  ];
}
