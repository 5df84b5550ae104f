import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { agingRoutes } from './aging';
import { collectionRoutes } from './collection';
import { readLedgerRoutes } from './read-ledger';
import { writeLedgerRoutes } from './write-ledger';
import { writeOffRoutes } from './write-offs';
import { statementRoutes } from './statements';
import { balanceRoutes } from './balances';

/** Receivables 應收帳款 (§3.4): the ledger, receipts and their allocation, credit notes, payment terms, aging and its reports. */
export function receivableRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(readLedgerRoutes(deps));
    await app.register(writeLedgerRoutes(deps));
    await app.register(agingRoutes(deps));
    await app.register(collectionRoutes(deps));
    await app.register(writeOffRoutes(deps));
    await app.register(statementRoutes(deps));
    await app.register(balanceRoutes(deps));
  };
}
