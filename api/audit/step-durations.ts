import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listTransitions } from '../../db/audit.repository';
import { stateLabel } from '../../domain/labels';
import { stepStats, stepStays } from '../../lib/step-durations';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, LabelView, searchText } from '../schemas';
import { AUDIT_READERS } from './schemas';

/** GET /audit/step-durations — how long records sat in each step ("how long did it sit with the GM"). */
export function stepDurationRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit/step-durations',
      {
        schema: {
          tags: ['audit'],
          summary: 'Time spent in each step: per step across records, and each stay of one record (auditors)',
          querystring: z.strictObject({
            recordType: z.enum(['tariff', 'tariff_change', 'quote', 'job']),
            recordId: searchText(64).optional(),
          }),
          response: {
            200: z.object({
              steps: z.array(
                z.object({
                  step: z.string(),
                  stepLabel: LabelView.describe('The name of the state (zh-Hant, English), as the audit log names it'),
                  completed: z.number(),
                  open: z.number(),
                  avgMs: z.number().nullable(),
                  p50Ms: z.number().nullable(),
                  p95Ms: z.number().nullable(),
                  maxMs: z.number().nullable(),
                }),
              ),
              stays: z.array(
                z.object({
                  recordId: z.string(),
                  step: z.string(),
                  stepLabel: LabelView.describe('The name of the state (zh-Hant, English)'),
                  enteredAt: z.string(),
                  leftAt: z.string().nullable(),
                  ms: z.number(),
                  open: z.boolean(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        requireRole(req, AUDIT_READERS, 'read step durations');
        const rows = await listTransitions(deps.db, req.query.recordType, req.query.recordId);
        const stays = stepStays(rows.map((r) => ({ recordId: r.record_id, at: r.occurred_at, toState: r.to_state! })));
        // States by the name the audit log gives them (domain/labels.ts), the raw key beside.
        const named = <T extends { step: string }>(x: T) => ({
          ...x,
          stepLabel: stateLabel(req.query.recordType, x.step) ?? { zh: x.step, en: x.step },
        });
        return {
          steps: stepStats(stays).map(named),
          stays: (req.query.recordId ? stays : stays.slice(0, 1000)).map(named),
        };
      },
    );
  };
}
