import { z } from 'zod';

export const workbenchResponse = z.object({
  cards: z.array(
    z.object({
      key: z.string(),
      count: z.number().int(),
      link: z.object({ web: z.string(), api: z.string() }),
    }),
  ),
});
export type Workbench = z.infer<typeof workbenchResponse>;
