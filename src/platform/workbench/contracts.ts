import { z } from 'zod';

const cardLink = z.object({ web: z.string(), api: z.string() });

export const workbenchResponse = z.object({
  cards: z.array(z.object({ key: z.string(), count: z.number().int(), link: cardLink })),
});
export type Workbench = z.infer<typeof workbenchResponse>;

/**
 * An overview card: figures (counts, each with the list it counts, filtered the same way) in series and groups
 * (items: status by level; refusals: per day), facts that are not counts (the last verification, a job's last run)
 * and how urgent the whole is.
 */
export const overviewFigure = z.object({
  /** What is counted: a status, `denied`, `failed`, `since_verify`. */
  series: z.string(),
  /** Where it is counted: a level, a day, a job. */
  group: z.string(),
  count: z.number().int(),
  link: cardLink,
});
export const overviewFact = z.object({
  name: z.string(),
  /** The group the fact is about (a job), or null for the card as a whole. */
  group: z.string().nullable(),
  value: z.union([z.string(), z.number(), z.null()]),
});
export const overviewSchema = z.object({
  key: z.string(),
  severity: z.enum(['normal', 'warning', 'danger']),
  figures: z.array(overviewFigure),
  facts: z.array(overviewFact),
  /** The page the card's title opens (the whole list). */
  web: z.string(),
});
export const overviewResponse = z.object({ overviews: z.array(overviewSchema) });
export type Overview = z.infer<typeof overviewSchema>;
export type OverviewFigure = z.infer<typeof overviewFigure>;
export type OverviewFact = z.infer<typeof overviewFact>;
export type OverviewResponse = z.infer<typeof overviewResponse>;
