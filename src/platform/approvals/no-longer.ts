import type { ErrorDetails, ProblemCode } from '../contracts/problems.js';
import { AppError } from '../errors.js';

/**
 * A request whose effect no longer applies at its last approval (409): what was checked at submission changed
 * meanwhile (the item or carrier moved on, a person lost their clearance). `since` tells the engine, which rolls the
 * decision back and records it as refused (decideRequest); the requester withdraws and asks again.
 */
export function noLonger(message: string, problem: ProblemCode): AppError {
  return new AppError('conflict', message, { problem, since: 'submission' });
}

/**
 * A check that passed at submission, run again at the last approval: its 400 becomes the request's "no longer" 409.
 * The problem is `as` when given, else the check's own, else `fallback` (the module's word for "no longer valid").
 */
export async function stillValid<T>(
  check: () => Promise<T>,
  problems: { fallback: ProblemCode; as?: ProblemCode },
): Promise<T> {
  try {
    return await check();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
    const problem = problems.as ?? (e.details as ErrorDetails | null | undefined)?.problem ?? problems.fallback;
    throw noLonger(`This request can no longer take effect: ${e.message}`, problem);
  }
}
