/**
 * What the caller may do from a row of the collection schedule 收款日程 (`actions` of each row of
 * `GET /collections/schedule`): set the planned collection date (`PUT /customers/{no}/collection-plan`)
 * and record a call with any promise to pay (`POST /customers/{no}/collection-calls`). The rule is the
 * one those routes enforce (`collectionWriter`): the customer's salesperson or their sales manager
 * (COLLECTION_WRITERS), on a customer in their sight — the schedule lists only such customers. Every
 * other role (finance, the GM, auditors …) gets no action and is refused 403.
 */
import type { RecordAction } from '../../domain/actions';
import type { Actor } from '../../machines/roles';
import { actorOnRecord, actorsSeeingEach, type Seeing } from '../acting';
import type { CurrentUser } from '../auth';
import { customerOwner, noCustomer } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import type { FastifyRequest } from 'fastify';
import { COLLECTION_WRITERS } from './access';

/**
 * The actor who plans collections and records calls for customer `customerNo` (`actorOnRecord`): the customer's
 * salesperson, or their sales manager — own role or by delegation, within the delegator's team; 403 for any other
 * role (`read_only` for auditors), 404 for a customer out of every actor's sight.
 */
export async function collectionWriter(
  deps: Pick<ApiDeps, 'db'>,
  req: FastifyRequest,
  customerNo: string,
): Promise<Actor> {
  const { actor } = await actorOnRecord(deps, req, COLLECTION_WRITERS, () => customerOwner(deps.db, customerNo), {
    outOfSight: () => noCustomer(customerNo),
  });
  return actor;
}

/** For a list of schedule rows: the actors through whom `user` would write for a customer of a salesperson. */
export const collectionActors = (deps: Pick<ApiDeps, 'db'>, user: CurrentUser) =>
  actorsSeeingEach(deps, user, COLLECTION_WRITERS);

/**
 * The steps of one schedule row (customer `customerNo` of salesperson `ownerId`): `collection-plan` (PUT) and
 * `collection-calls` (POST), both allowed when an actor of `seeing` (`collectionActors`) sees the owner — the rule
 * `collectionWriter` applies; `[]` otherwise.
 */
export function collectionRowActions(seeing: Seeing, row: { customerNo: string; ownerId: string }): RecordAction[] {
  if (!seeing(row.ownerId).length) return [];
  const base = `/customers/${encodeURIComponent(row.customerNo)}`;
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
