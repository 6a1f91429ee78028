import type { AccountPolicy } from '../../../kernel/account-policy.js';

/** The kinds of characters the strength check counts (kernel `characterClasses`), in the order the rules name them. */
export const PASSWORD_CHARACTER_CLASSES = ['lower', 'upper', 'digit', 'symbol'] as const;
export type PasswordCharacterClass = (typeof PASSWORD_CHARACTER_CLASSES)[number];

/** The longest password the sign-in and password-change bodies accept. */
export const PASSWORD_MAX_LENGTH = 256;

export interface PublicPasswordRules {
  minLength: number;
  maxLength: number;
  minClasses: number;
  classes: PasswordCharacterClass[];
}

/**
 * What anyone may know of the password rules, signed in or not: lengths and character classes only. The rest of
 * the account policy (lockout, throttling, rotation, history) stays with the administrators who may read it,
 * as those numbers tell an attacker how to pace guesses.
 */
export function publicPasswordRules(
  policy: Pick<AccountPolicy, 'passwordMinLength' | 'passwordMinClasses'>,
): PublicPasswordRules {
  return {
    minLength: policy.passwordMinLength,
    maxLength: PASSWORD_MAX_LENGTH,
    minClasses: policy.passwordMinClasses,
    classes: [...PASSWORD_CHARACTER_CLASSES],
  };
}
