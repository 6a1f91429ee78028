import { z } from 'zod';

/** What the signed-in person could ask for on an item they may not see (`GET /api/items/:id/access-options`). */
export const itemAccessOptionsResponse = z.object({ requestAccess: z.boolean(), emergencyAccess: z.boolean() });
