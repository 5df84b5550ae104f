/**
 * The business calendar 工作日曆 (issue 14): GET /calendar — working days, public holidays and make-up
 * working days 調休 of a date range (mainland China, from the `chinese-days` package) with the admin's
 * overrides; PUT /calendar/days/:date — the admin makes a date a working day or a day off (or removes the
 * override with `working: null`), audited (`calendar_day`, `<date>`, `calendar.day_set`) and idempotent.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { listCalendarOverrides, setCalendarOverride } from '../../db/calendar.repository';
import { calendarDay, lastAnnouncedYear, plusDays } from '../../domain/calendar';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { currentUser, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, isoDate, text } from '../schemas';
import { bilingual } from '../../machines/refusal-text';

/** Who sets the calendar's overrides. */
export const CALENDAR_ADMINS: readonly Role[] = ['admin'];
/** Longest range one GET answers, in days. */
const MAX_RANGE_DAYS = 400;

const CalendarQuery = z.strictObject({
  from: isoDate.optional().describe('Default: the first day of this month'),
  to: isoDate.optional().describe('Default: the last day of the month of `from`; at most 400 days after it'),
});
const CalendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  source: z
    .enum(['override', 'holiday', 'make_up', 'weekend', 'weekday'])
    .describe('override: set by the admin; holiday / make_up: announced (package); weekend / weekday: the week'),
});
const Calendar = z.object({
  region: z.literal('CN').describe('Mainland China (State Council holiday notices)'),
  lastAnnouncedYear: z
    .number()
    .int()
    .describe('The last year whose holidays the package holds; later years need overrides'),
  days: z.array(CalendarDay),
});
const DayParams = z.strictObject({ date: isoDate });
const DayBody = z.strictObject({
  working: z.boolean().nullable().describe('true: a working day; false: a day off; null: remove the override'),
  name: text(100).optional().describe('What the day is, e.g. 元旦 New Year’s Day (required with working)'),
});

export function calendarRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendar',
      {
        schema: {
          tags: ['reference'],
          summary:
            'The business calendar: working days, public holidays and make-up working days, with the admin’s overrides',
          querystring: CalendarQuery,
          response: { 200: Calendar, ...errorResponses },
        },
      },
      async (req) => {
        currentUser(req);
        const from = req.query.from ?? `${businessToday().slice(0, 7)}-01`;
        const to = req.query.to ?? plusDays(`${plusDays(`${from.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, -1);
        if (to < from)
          throw new AppError('unprocessable', bilingual('結束日早於開始日', '`to` is before `from`'), { field: 'to' });
        if (to > plusDays(from, MAX_RANGE_DAYS))
          throw new AppError(
            'unprocessable',
            bilingual(`一次最多 ${MAX_RANGE_DAYS} 天`, `at most ${MAX_RANGE_DAYS} days at once`),
            { field: 'to' },
          );
        const overrides = await listCalendarOverrides(deps.db, from, to);
        const days = [];
        for (let d = from; d <= to; d = plusDays(d, 1)) days.push(calendarDay(d, overrides));
        return { region: 'CN' as const, lastAnnouncedYear: lastAnnouncedYear(), days };
      },
    );

    app.put(
      '/calendar/days/:date',
      {
        schema: {
          tags: ['reference'],
          summary: 'Make a date a working day or a day off (admin), or remove the override (working: null); audited',
          headers: IdempotencyHeaders,
          params: DayParams,
          body: DayBody,
          response: { 200: CalendarDay, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, CALENDAR_ADMINS, 'change the business calendar');
        const key = idempotencyKeyOf(req);
        const { date } = req.params;
        const { working, name } = req.body;
        if (working !== null && !name)
          throw new AppError('bad_request', 'a day made working or off needs its name', {
            fields: [{ path: 'body.name', message: 'required with working' }],
          });
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'calendar_day', date, key)) return;
          const before = await setCalendarOverride(trx, { day: date, working, name: name ?? null, by: user.id });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'calendar_day',
            recordId: date,
            action: working === null ? 'calendar.day_reset' : 'calendar.day_set',
            changes: {
              working: { from: before?.working ?? null, to: working },
              name: { from: before?.name ?? null, to: working === null ? null : name },
            },
            idempotencyKey: key,
          });
        });
        return calendarDay(date, await listCalendarOverrides(deps.db, date, date));
      },
    );
  };
}
