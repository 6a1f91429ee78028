import { z } from 'zod';
import { PASSWORD_CHARACTER_CLASSES } from '../domain/password-rules.js';

/** `GET /api/auth/password-rules`: lengths and character classes, nothing else of the account policy. */
export const passwordRulesResponse = z.object({
  minLength: z.number().int(),
  maxLength: z.number().int(),
  minClasses: z.number().int(),
  classes: z.array(z.enum(PASSWORD_CHARACTER_CLASSES)),
});
