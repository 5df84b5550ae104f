/** Zod schemas shared by several routes: errors, pagination, bounded strings, decimals, dates. */
import { z } from 'zod';

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  503: ErrorBody,
} as const;

/** A trimmed, non-empty string of at most `max` characters, without control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'must not contain control characters');

export const optionalText = (max: number) => text(max).nullable().optional();

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real date');

/** Exact non-negative decimal as a string: up to 14 integer digits and 4 decimals. */
export const decimal = z.string().regex(/^(0|[1-9]\d{0,13})(\.\d{1,4})?$/, 'must be a non-negative decimal string such as "1250.00"');

export const Page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const commentBody = z.strictObject({ comment: optionalText(2000) });
export const requiredCommentBody = z.strictObject({ comment: text(2000) });
