/**
 * Helpers of the training report, card, job, campaign and awareness tests: the facts a report reads, set as the
 * records would hold them (a start date, classified-computer use, a course published some days ago, a completion
 * written by the one completion writer), and the training settings.
 */
import { tx } from '../../src/platform/context.js';
import { todayOf } from '../../src/platform/organisation.js';
import { addDays } from '../../src/modules/training/domain/audiences.js';
import { insertCompletion } from '../../src/modules/training/services/completion-writer.js';
import { trainingSettingStore } from '../../src/modules/training/services/training-settings.js';
import type { TrainingSettings } from '../../src/kernel/training.js';
import type { TestApp } from './api.js';
import type { PeopleOrg } from './people-org.js';
import { json } from './people.js';

/** The organisation's day `days` from today. */
export async function dayFrom(t: TestApp, days: number): Promise<string> {
  return addDays(await todayOf(t.ctx), days);
}

/** Sets people's start date (入职日期) and/or classified-computer use, as identity records them. */
export async function setPersonFacts(
  t: TestApp,
  userIds: readonly string[],
  facts: { hiredOn?: string | null; computerUser?: boolean },
): Promise<void> {
  if (userIds.length === 0) return;
  await t.ctx.db
    .updateTable('users')
    .set({
      ...(facts.hiredOn !== undefined ? { hired_on: facts.hiredOn } : {}),
      ...(facts.computerUser !== undefined ? { computer_user: facts.computerUser ? 1 : 0 } : {}),
    })
    .where('id', 'in', [...userIds])
    .execute();
}

/** Moves a published course's publication day back (a course published long ago: its first dues have passed). */
export async function publishedOn(t: TestApp, courseId: string, day: string): Promise<void> {
  await t.ctx.db.updateTable('training_courses').set({ published_on: day }).where('id', '=', courseId).execute();
}

/** A completion of the course by the person on that day, written by the one completion writer (source recorded). */
export async function complete(t: TestApp, userId: string, courseId: string, on: string): Promise<string> {
  return tx(t.ctx, async (trx) => {
    const c = await insertCompletion(trx, t.ctx, {
      userId,
      courseId,
      completedOn: on,
      source: 'recorded',
      recordedBy: null,
      note: 'test',
    });
    return c.id;
  });
}

/** Changes the training settings as the security office (through the API). */
export async function setTrainingSettings(org: PeopleOrg, patch: Partial<TrainingSettings>): Promise<void> {
  const s = json<{ version: number; settings: TrainingSettings }>(await org.sec.get('/api/training/settings'));
  json(await org.sec.put('/api/training/settings', { version: s.version, settings: { ...s.settings, ...patch } }));
  trainingSettingStore.invalidate(org.t.ctx);
}
