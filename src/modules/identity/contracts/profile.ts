import { z } from 'zod';
import { nameText } from '../../../platform/contracts/common.js';

/** One's own display name, as the directory shows it (the same rule as an account's name). */
export const renameMeBody = z.strictObject({ displayName: nameText(64) });
export const renameMeResponse = z.object({ displayName: z.string() });
