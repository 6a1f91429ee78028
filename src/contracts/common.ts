import { z } from 'zod';
import { MAX_PAGE, MAX_PAGE_SIZE } from '../domain/pagination.js';

/**
 * Query strings arrive as text. We parse integers explicitly (digits only) instead of coercing, so "1e3",
 * " 5" or "0x10" are refused rather than silently reinterpreted.
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const pageQuery = {
  page: queryInt(1, MAX_PAGE).optional(),
  pageSize: queryInt(1, MAX_PAGE_SIZE).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const idParam = z.strictObject({ id: z.uuid() });
export const okResponse = z.object({ ok: z.literal(true) });
export const versionField = z.number().int().min(1);
export const isoDateTime = z.iso.datetime({ offset: true });

/** Trimmed, non-empty, bounded text for names and titles. */
export const nameText = (max = 100) => z.string().trim().min(1).max(max);
