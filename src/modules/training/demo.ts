import type { AppContext, RequestContext } from '../../platform/context.js';
import { todayOf } from '../../platform/organisation.js';
import { demoCast, updateUser } from '../identity/index.js';
import { addDays } from './domain/audiences.js';
import {
  AWARENESS,
  CAMPAIGN,
  COMPUTER_USERS,
  ELECTIVE,
  EXTERNAL,
  HIRED_DAYS_AGO,
  IT_SECURITY,
  OFFLINE_REFRESHER,
  ONBOARDING,
  ONBOARDING_MISSING,
  ONBOARDING_RECORDED,
} from './demo-data.js';
import { createCourse, publishCourse } from './services/course-service.js';
import { addMaterial } from './services/material-service.js';
import { finishMaterial, openMaterial } from './services/learning-service.js';
import { closeSession, createSession } from './services/session-service.js';
import { enrolPeople } from './services/session-people.js';
import { recordAttendance } from './services/attendance-service.js';
import { createCampaign } from './services/campaign-service.js';
import { createAwarenessMessage } from './services/awareness-service.js';
import { recordCompletion } from './services/record-completion.js';
import { recordExternal } from './services/external-service.js';
import { assign } from './services/assignment-service.js';
import type { CreateCourseInput, CreateMaterialInput } from './contracts/courses.js';

/**
 * The training part of the demo (issue 16), done by the system administrator (start dates, computer use), the
 * security administrator and the demo people through the module's use cases: the onboarding course (online, with
 * materials) most people worked through months ago — the leaders' recorded by the office with evidence —, the yearly
 * IT-security refresher for computer users (one expired, one expiring), an offline refresher held in a session a few
 * days ago with attendance, an elective assigned as a follow-up task after an inspection finding, an external
 * certificate, a publicity campaign and a weekly awareness message. What happened in the past is done on a clock set
 * back to that day (`demoCast`), as the other demos do.
 */

/** A one-page PDF standing for a scanned certificate or sign-in sheet. */
function scanPdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export async function loadTrainingDemo(ctx: AppContext): Promise<Record<string, number>> {
  const { ago, as, idOf } = await demoCast(ctx);
  const sys = await as('sysadmin');
  const sec = await as('secadmin');
  const today = await todayOf(ctx);
  const count = {
    courses: 0,
    materials: 0,
    completions: 0,
    recordedCompletions: 0,
    sessions: 0,
    attendance: 0,
    assignments: 0,
    external: 0,
    campaigns: 0,
    awareness: 0,
  };

  // The account administrator records when people started and who uses classified computers.
  for (const [username, days] of Object.entries(HIRED_DAYS_AGO)) {
    const id = await idOf(username);
    const u = await ctx.db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    await updateUser(ago(430), sys, id, {
      version: u.version,
      hiredOn: addDays(today, -days),
      ...(COMPUTER_USERS.includes(username) ? { computerUser: true } : {}),
    });
  }

  const course = async (c: AppContext, input: CreateCourseInput, materials: CreateMaterialInput[]) => {
    const created = await createCourse(c, sec, input);
    let version = created.version;
    for (const m of materials) {
      version = (await addMaterial(c, sec, created.id, m)).version;
      count.materials++;
    }
    const published = await publishCourse(c, sec, created.id, { version });
    count.courses++;
    return published;
  };
  /** The person works through every material of the online course on the day. */
  const study = async (c: AppContext, rc: RequestContext, courseId: string, materialIds: readonly string[]) => {
    for (const m of materialIds) {
      await openMaterial(c, rc, courseId, m, {});
      await finishMaterial(c, rc, courseId, m, {});
    }
    count.completions++;
  };

  // The IT-security refresher for computer users, published well over a year ago.
  const it = await course(
    ago(420),
    {
      title: IT_SECURITY.title,
      kind: 'refresher',
      mode: 'online',
      topics: ['it_security', 'handling_classified'],
      audience: [{ kind: 'computer_users' }],
      description: IT_SECURITY.description,
      durationMinutes: 45,
      validityMonths: 12,
    },
    [{ ...IT_SECURITY.material, minMinutes: 0 }],
  );
  const itDone = Object.entries(IT_SECURITY.completedDaysAgo).sort((a, b) => b[1] - a[1]);
  for (const [username, days] of itDone)
    await study(
      ago(days),
      await as(username),
      it.id,
      it.materials.map((m) => m.id),
    );

  // The onboarding course, seven months ago; most worked through it in the months after.
  const onboarding = await course(
    ago(210),
    {
      title: ONBOARDING.title,
      kind: 'onboarding',
      mode: 'online',
      topics: ['law', 'company_rules', 'basics', 'leak_behaviours'],
      audience: [{ kind: 'all' }],
      description: ONBOARDING.description,
      durationMinutes: 60,
      validityMonths: null,
    },
    ONBOARDING.materials.map((m) => ({ ...m, minMinutes: 0 })),
  );
  let day = 195;
  for (const username of Object.keys(HIRED_DAYS_AGO)) {
    if (ONBOARDING_MISSING.includes(username) || ONBOARDING_RECORDED.includes(username)) continue;
    await study(
      ago(day),
      await as(username),
      onboarding.id,
      onboarding.materials.map((m) => m.id),
    );
    day = day > 110 ? day - 5 : 195;
  }
  // The leaders attended the secrecy bureau's course; the office records it with the sign-in sheet.
  for (const username of ONBOARDING_RECORDED) {
    const c = ago(150);
    await recordCompletion(
      c,
      sec,
      await idOf(username),
      {
        courseId: onboarding.id,
        completedOn: addDays(await todayOf(c), -2),
        note: '参加市国家保密局领导干部保密教育培训',
      },
      scanPdf(`Sign-in sheet - ${username}`),
      'application/pdf',
    );
    count.recordedCompletions++;
  }

  // The elective, assigned as a follow-up task after an inspection finding.
  const elective = await course(
    ago(100),
    {
      title: ELECTIVE.title,
      kind: 'elective',
      mode: 'online',
      topics: ['handling_classified'],
      audience: [{ kind: 'all' }],
      description: ELECTIVE.description,
      durationMinutes: 30,
      validityMonths: null,
    },
    [{ ...ELECTIVE.material, minMinutes: 0 }],
  );
  const assigned = ago(8);
  await assign(assigned, sec, {
    userIds: [await idOf(ELECTIVE.task.username)],
    courseId: elective.id,
    dueOn: addDays(await todayOf(assigned), 30),
    reason: ELECTIVE.task.reason,
    source: 'finding',
    sourceRef: ELECTIVE.task.sourceRef,
  });
  count.assignments++;

  // The offline refresher for everyone: published three weeks ago, a session held six days ago.
  const offline = await course(
    ago(20),
    {
      title: OFFLINE_REFRESHER.title,
      kind: 'refresher',
      mode: 'offline',
      topics: ['risk_awareness', 'leak_behaviours'],
      audience: [{ kind: 'all' }],
      description: OFFLINE_REFRESHER.description,
      durationMinutes: 120,
      validityMonths: 12,
    },
    [],
  );
  const heldOn = await todayOf(ago(6));
  const startsAt = `${heldOn}T06:00:00.000Z`;
  const at = (minutes: number): AppContext => ({
    ...ctx,
    now: () => new Date(Date.parse(startsAt) + minutes * 60_000),
  });
  const session = await createSession(ago(15), sec, {
    courseId: offline.id,
    startsAt,
    endsAt: `${heldOn}T08:00:00.000Z`,
    place: OFFLINE_REFRESHER.place,
    trainer: OFFLINE_REFRESHER.trainer,
    capacity: 40,
    departmentId: null,
  });
  count.sessions++;
  await enrolPeople(ago(14), sec, session.id, {
    userIds: await Promise.all(OFFLINE_REFRESHER.enrolled.map(idOf)),
  });
  let minute = 1;
  for (const username of OFFLINE_REFRESHER.attended) {
    await recordAttendance(at(minute++), sec, session.id, await idOf(username));
    count.attendance++;
  }
  const held = await ctx.db
    .selectFrom('training_sessions')
    .select('version')
    .where('id', '=', session.id)
    .executeTakeFirstOrThrow();
  await closeSession(at(150), sec, session.id, { version: held.version });

  // An external certificate the person recorded themself.
  const external = ago(EXTERNAL.completedDaysAgo - 1);
  const externalOn = addDays(await todayOf(external), -1);
  await recordExternal(
    external,
    await as(EXTERNAL.username),
    await idOf(EXTERNAL.username),
    {
      title: EXTERNAL.title,
      provider: EXTERNAL.provider,
      completedOn: externalOn,
      expiresOn: addDays(externalOn, 3 * 365),
      certificateNo: EXTERNAL.certificateNo,
      fileName: '保密管理专业人员岗位培训合格证书.pdf',
    },
    scanPdf(`Certificate ${EXTERNAL.certificateNo}`),
    'application/pdf',
  );
  count.external++;

  // This month's publicity campaign and the weekly awareness message.
  const campaignOn = ago(5);
  const campaignStart = await todayOf(campaignOn);
  await createCampaign(campaignOn, sec, {
    title: CAMPAIGN.title,
    kind: 'poster',
    audience: [{ kind: 'all' }],
    startsOn: campaignStart,
    endsOn: addDays(campaignStart, 30),
    body: CAMPAIGN.body,
  });
  count.campaigns++;
  const awarenessOn = ago(1);
  await createAwarenessMessage(awarenessOn, sec, {
    title: AWARENESS.title,
    body: AWARENESS.body,
    audience: [{ kind: 'all' }],
    intervalDays: 7,
    nextOn: addDays(await todayOf(awarenessOn), 2),
    active: true,
  });
  count.awareness++;
  return count;
}
