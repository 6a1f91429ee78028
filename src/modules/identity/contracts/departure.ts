import { z } from 'zod';
import { LEVELS } from '../../../kernel/levels.js';

/**
 * What a person holds in each module (离岗离职: platform/departure.ts), as whoever records departures or hands
 * things over sees it: each holding's module-given id, kind, reference (an item's number) and level — never a
 * title or content.
 */
export const holdingSchema = z.object({
  id: z.string(),
  kind: z.string(),
  reference: z.string(),
  level: z.enum(LEVELS).nullable(),
  blocking: z.boolean(),
  /** Whether it can be handed to someone else (an access grant cannot: it ends with the departure). */
  transferable: z.boolean(),
});
export type HoldingView = z.infer<typeof holdingSchema>;

export const holdingsResponse = z.object({
  modules: z.array(z.object({ module: z.string(), holdings: z.array(holdingSchema) })),
});
export type Holdings = z.infer<typeof holdingsResponse>;

/** A module's name as `BaomiModule.name` spells it; which modules hold things is known only at run time. */
const moduleName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a module name');
/** A holding's id within its module (a UUID for classification's; other modules choose theirs). */
const holdingId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be a holding id');

export const MAX_HAND_OVER = 200;

export const handOverBody = z.strictObject({
  module: moduleName,
  toId: z.uuid(),
  holdingIds: z
    .array(holdingId)
    .min(1)
    .max(MAX_HAND_OVER)
    .refine((ids) => new Set(ids).size === ids.length, 'each holding once'),
});
export type HandOverInput = z.infer<typeof handOverBody>;
