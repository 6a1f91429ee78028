import type { AttendanceMethod } from '../../../kernel/training.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, type AppContext, type RequestContext } from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError } from '../../../platform/errors.js';
import { getClassificationPolicy, todayOf } from '../../../platform/organisation.js';
import type { AttendanceResult, QrCode } from '../contracts/sessions.js';
import { attendProblem } from '../domain/sessions.js';
import {
  attendeesOf,
  countsOf,
  findEnrolment,
  findSession,
  insertEnrolment,
  markAttended,
} from '../repositories/session-repo.js';
import { insertCompletion } from './completion-writer.js';
import { qrCodeOf, qrKey, qrSvgDataUrl, verifyQrCode } from './qr-code.js';
import { courseOf, factsOf, personFacts, ruleTx, RuleRefusal, SESSION_TARGET, sessionPerson } from './session-facts.js';
import { attendeeOf, loadVisible } from './session-reads.js';

/**
 * Attendance at an offline session (TRN-03): the organiser (the office, the department's head) ticks a person on the
 * sign-in list or scans the person's QR code at the door. Recorded once; it writes the person's completion of the
 * course (`insertCompletion`, source `session`) in the same transaction. Someone not on the list (a walk-in) is taken
 * when the session is meant for them and a seat is left (domain/sessions.ts `attendProblem`).
 */

/** The caller's training QR code (the key derived from the master key: see qr-code.ts). */
export async function myQrCode(ctx: AppContext, rc: RequestContext): Promise<QrCode> {
  const actor = actorOf(rc);
  const code = qrCodeOf(qrKey(ctx.keys.masterKey), actor.id);
  return { code, svgDataUrl: await qrSvgDataUrl(code) };
}

/** The organiser ticks a person. */
export async function recordAttendance(
  ctx: AppContext,
  rc: RequestContext,
  sessionId: string,
  userId: string,
): Promise<AttendanceResult> {
  return attend(ctx, rc, sessionId, userId, 'organiser');
}

/** The organiser scans a person's code at the door. A code that is not one of ours is refused (audited). */
export async function scanAttendance(
  ctx: AppContext,
  rc: RequestContext,
  sessionId: string,
  code: string,
): Promise<AttendanceResult> {
  const { resource } = await loadVisible(ctx, rc, sessionId, 'training.attendance_record');
  await authorize(ctx, rc, 'training.record_attendance', resource, {
    audit: { action: 'training.attendance_record', targetType: SESSION_TARGET, targetId: sessionId },
  });
  const userId = verifyQrCode(qrKey(ctx.keys.masterKey), code);
  if (!userId)
    return refuse(
      ctx,
      rc,
      {
        action: 'training.attendance_record',
        targetType: SESSION_TARGET,
        targetId: sessionId,
        details: { reason: 'qr_invalid', method: 'qr' },
      },
      new AppError('bad_request', 'Not a valid training QR code', { field: 'code', problem: 'qr_invalid' }),
    );
  return attend(ctx, rc, sessionId, userId, 'qr', true);
}

async function attend(
  ctx: AppContext,
  rc: RequestContext,
  sessionId: string,
  userId: string,
  method: AttendanceMethod,
  checked = false,
): Promise<AttendanceResult> {
  const actor = actorOf(rc);
  const action = 'training.attendance_record' as const;
  if (!checked) {
    const { resource } = await loadVisible(ctx, rc, sessionId, action);
    await authorize(ctx, rc, 'training.record_attendance', resource, {
      audit: { action, targetType: SESSION_TARGET, targetId: sessionId, details: { userId, method } },
    });
  }
  const completion = await ruleTx(ctx, rc, action, sessionId, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', sessionId);
    const v = (await findSession(trx, sessionId))!;
    const person = await sessionPerson(ctx, trx, userId);
    if (!person)
      throw new AppError('bad_request', 'There is no such person', {
        field: 'userId',
        problem: 'session_person_unknown',
      });
    const counts = (await countsOf(trx, [sessionId])).get(sessionId) ?? { enrolled: 0, attended: 0 };
    const row = await findEnrolment(trx, sessionId, userId);
    const now = ctx.now().toISOString();
    const today = await todayOf(ctx, trx);
    const problem = attendProblem(
      factsOf(v, counts.enrolled),
      courseOf(v),
      personFacts(person, v.course_id, row),
      now,
      today,
    );
    if (problem) throw new RuleRefusal(problem, { userId, method });
    if (!row)
      // A walk-in: on the list now, put there by whoever recorded them.
      await insertEnrolment(trx, {
        session_id: sessionId,
        user_id: userId,
        enrolled_at: now,
        enrolled_by: actor.id,
        attended_at: null,
        method: null,
        recorded_by: null,
      });
    if (!(await markAttended(trx, sessionId, userId, now, method, actor.id)))
      throw new RuleRefusal('already_attended', { userId, method });
    // The day of the session (the organisation's calendar), or today when ticked early on the day before.
    const sessionDay = dateOf(new Date(v.starts_at), (await getClassificationPolicy(ctx, trx)).timeZone);
    const written = await insertCompletion(trx, ctx, {
      userId,
      courseId: v.course_id,
      completedOn: sessionDay < today ? sessionDay : today,
      source: 'session',
      sessionId,
      recordedBy: actor.id,
    });
    await audit(trx, ctx, rc, {
      action,
      targetType: SESSION_TARGET,
      targetId: sessionId,
      details: {
        userId,
        method,
        walkIn: !row,
        completionId: written.id,
        certificateNo: written.certificateNo,
        round: written.round,
      },
    });
    return written;
  });
  const [attendee] = await attendeesOf(ctx.db, sessionId, userId);
  return {
    attendee: attendeeOf(attendee!),
    completion: { id: completion.id, certificateNo: completion.certificateNo },
  };
}
