import type { ClassificationProblem } from '../contracts/problems.js';
import { AppError } from '../../../platform/errors.js';

/** The catalogue's validation problems as the error the client shows (field and problem code). */

export function problemError(problem: ClassificationProblem, field: string): AppError {
  const messages: Partial<Record<ClassificationProblem, string>> = {
    term_required: 'A classified item needs a secrecy period or a declassification condition',
    term_not_allowed: 'Internal and public items carry no secrecy period or condition',
    period_and_condition: 'Give a secrecy period or a declassification condition, not both',
    period_unit: 'A period of a year or more is given in years; a shorter one in months (1-11)',
    period_exceeds_maximum: 'The secrecy period exceeds the maximum for this level',
    condition_empty: 'The declassification condition is empty',
    level_not_in_use: 'This level is not in use in this organisation',
    scope_required: 'A classified item needs a need-to-know scope',
    scope_duplicate: 'The scope lists the same entry twice',
    scope_widening_needs_approval:
      'Adding to the need-to-know scope of an item in force needs approval: request a scope change',
    scope_frozen_in_approval:
      'Approvers have begun deciding this proposal on its scope: withdraw it and propose again to add to the scope',
    proposal_frozen_in_approval:
      'Approvers have begun deciding this proposal as it stands: withdraw it and propose again to change it',
    open_item: 'This item is open to everyone: it has no need-to-know scope to widen',
    scope_not_widened: 'The new scope adds nobody: narrowing the scope is an edit of the item',
  };
  return new AppError('validation_failed', messages[problem] ?? `The change is not valid (${problem})`, {
    problem,
    field,
  });
}
