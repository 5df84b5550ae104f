import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listJobs } from '../../db/job.repository';
import { currentUser } from '../auth';
import { customerScopeOf } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { JobDetail, JobParams, JobSummary, ListJobsQuery } from './schemas';
import { jobDetail, toJobSummary } from './views';

/** GET /jobs and GET /jobs/:jobNo (with containers, exceptions, receivables and the full timeline). */
export function listJobsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Jobs you may see, urgent and longest-waiting first',
          querystring: ListJobsQuery,
          response: { 200: z.object({ items: z.array(JobSummary), total: z.number() }), ...errorResponses },
        },
      },
      async (req) => {
        const scope = await customerScopeOf(deps.db, currentUser(req));
        const { rows, total } = await listJobs(deps.db, { ...req.query, ownerIds: scope });
        return { items: rows.map(toJobSummary), total };
      },
    );
    app.get(
      '/jobs/:jobNo',
      {
        schema: {
          tags: ['jobs'],
          summary: 'One job with its containers, exceptions, receivables and timeline',
          params: JobParams,
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => jobDetail(deps, currentUser(req), req.params.jobNo),
    );
  };
}
