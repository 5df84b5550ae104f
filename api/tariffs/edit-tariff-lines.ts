import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { stateLabel } from '../../domain/labels';
import { REFUSAL_TEXT } from '../../machines/permission';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffStepUpdate } from '../../workflows/tariff.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { sendStep } from '../steps';
import { EditTariffBody, TariffDetail, VersionParams } from './schemas';
import { loadTariffVersion, tariffDetail } from './views';

/** PUT /tariffs/:versionNo/lines — commerce replaces the lines (and title, date) of a draft. */
export function editTariffLines(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/tariffs/:versionNo/lines',
      {
        schema: {
          tags: ['tariffs'],
          summary: 'Replace the lines of a draft (commerce); a locked version answers 409',
          params: VersionParams,
          body: EditTariffBody,
          response: { 200: TariffDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, ['commerce'], 'edit a tariff');
        const key = idempotencyKeyOf(req);
        const row = await loadTariffVersion(deps, user, req.params.versionNo);
        if (req.body.effectiveFrom && req.body.effectiveFrom < businessToday()) {
          throw new AppError('unprocessable', REFUSAL_TEXT.inPast('生效日', 'effectiveFrom'), {
            fields: [{ path: 'body.effectiveFrom', message: 'in the past' }],
          });
        }
        await sendStep(deps, {
          workflowId: tariffWorkflowId(deps.temporalConfig.workflowIdPrefix, row.version_no),
          update: tariffStepUpdate,
          command: {
            event: { type: 'lines.replaced', actor: actorOf(user), lineCount: req.body.lines.length },
            lines: req.body.lines,
            ...(req.body.title ? { title: req.body.title } : {}),
            ...(req.body.effectiveFrom ? { effectiveFrom: req.body.effectiveFrom } : {}),
            idempotencyKey: key,
          },
          idempotencyKey: key,
          recordType: 'tariff',
          recordId: String(row.version_no),
          finishedMessage: finishedMessage(row.status, row.version_no),
        });
        return tariffDetail(deps, user, row.version_no);
      },
    );
  };
}

export function finishedMessage(status: string, versionNo: number): string | undefined {
  if (status === 'locked')
    return `原始報價第 ${versionNo} 版已鎖定，修改請提出原始報價修改單 Tariff version ${versionNo} is locked; changes go through a tariff change`;
  if (status === 'discarded')
    return REFUSAL_TEXT.finished(
      { zh: `原始報價第 ${versionNo} 版`, en: `Tariff version ${versionNo}` },
      stateLabel('tariff', status)!,
    );
  return undefined;
}
