import { z } from 'zod';
import { HistoryLabels, isoDate, Page, searchText } from '../schemas';
import { AUDITED_RECORD_TYPES } from '../../domain/record-types';

export const AUDIT_READERS = ['auditor', 'admin'] as const;

export const AuditQuery = Page.extend({
  actorId: searchText(64).optional(),
  role: searchText(32).optional(),
  recordType: searchText(32).optional(),
  recordId: searchText(64).optional(),
  action: searchText(64).optional(),
  /** From this date (business calendar, inclusive). */
  from: isoDate.optional(),
  /** To this date (inclusive). */
  to: isoDate.optional(),
});

export const AuditEntryView = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable().describe('The actor’s display name (null for `system`)'),
  actorRole: z.string(),
  onBehalfOf: z.string().nullable(),
  onBehalfOfName: z.string().nullable(),
  recordType: z.string(),
  recordId: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  comment: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  rowHash: z.string(),
  ...HistoryLabels,
});

export const RecordParams = z.strictObject({
  /** Every type the audit log holds (domain/record-types.ts AUDITED_RECORD_TYPES). */
  recordType: z.enum(AUDITED_RECORD_TYPES),
  /** A record number or id as the audit rows carry it (`Q2026-000001`, `12`, `sales_b:2026-12`, `2026-12-25`). */
  recordId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_:.@-]+$/),
});
