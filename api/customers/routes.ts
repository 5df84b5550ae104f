import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { changeCustomerStatusRoute } from './change-customer-status';
import { createCustomerRoute } from './create-customer';
import { customerSheetRoutes } from './customer-sheets';
import { getCustomerRoute } from './get-customer';
import { listCustomersRoute } from './list-customers';
import { updateCustomerRoute } from './update-customer';

/** Customer routes (§3.3.4): enter, read, search, correct, change status; confidential per §2.2.7. */
export function customerRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(createCustomerRoute(deps));
    await app.register(customerSheetRoutes(deps));
    await app.register(listCustomersRoute(deps));
    await app.register(getCustomerRoute(deps));
    await app.register(updateCustomerRoute(deps));
    await app.register(changeCustomerStatusRoute(deps));
  };
}
