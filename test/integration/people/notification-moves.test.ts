/**
 * 「请签署」 notices follow people (issue 17): a person moved to another department has the notice of a letter no
 * longer theirs done at the move and is asked for the new department's letter; a department moved in the tree
 * takes its people out of the letters of the departments it left; the departure NDA asked of a leaver is a to-do,
 * done when they sign it. Moves that change no letter ask nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, STRONG_PASSWORD, type TestApp } from '../../helpers/api.js';
import { department, json } from '../../helpers/people.js';
import { createAndPublish, member, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { doneStates } from '../../helpers/notifications.js';

describe.each(DB_KINDS)('agreement notices that follow people on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  /** Whether each of the person's notices asking the template is done, oldest first. */
  const taskDone = async (templateId: string, userId: string) =>
    (
      await t.ctx.db
        .selectFrom('notifications')
        .select('done_at')
        .where('task_key', '=', `people.agreement:${templateId}`)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map((r) => r.done_at !== null);
  const patchUser = async (userId: string, patch: Record<string, unknown>) => {
    const u = json<{ version: number }>(await org.sys.get(`/api/users/${userId}`));
    json(await org.sys.patch(`/api/users/${userId}`, { version: u.version, ...patch }));
  };
  const letter = (title: string, departmentId: string) =>
    createAndPublish(org, { kind: 'responsibility', title, departmentId, duties: '- 部门职责' });

  it("a person moved to another department: the old letter's notice is done, the new letter is asked", async () => {
    const archive = await department(t, org.sys, '档案中心');
    const logistics = await department(t, org.sys, '后勤部');
    const [mover, stayer] = await Promise.all([
      member(t, 'mover', { departmentId: archive, post: '档案员' }),
      member(t, 'stayer', { departmentId: archive, post: '档案员' }),
    ]);
    const old = await letter('档案中心保密责任书', archive);
    const next = await letter('后勤部保密责任书', logistics);
    expect(await taskDone(old.template.id, mover.userId)).toEqual([false]);
    expect(await taskDone(next.template.id, mover.userId)).toEqual([]);

    t.advance(1000);
    await patchUser(mover.userId, { departmentId: logistics });
    expect(await taskDone(old.template.id, mover.userId)).toEqual([true]);
    expect(await taskDone(next.template.id, mover.userId)).toEqual([false]);
    // The colleague who stayed is still asked; the new notice reads like a publication's.
    expect(await taskDone(old.template.id, stayer.userId)).toEqual([false]);
    const inbox = json<{ items: { kind: string; texts: Record<string, { title: string }> }[] }>(
      await mover.get('/api/notifications?pageSize=100&unread=true'),
    ).items;
    expect(inbox.map((n) => n.texts['zh-CN']?.title)).toContain('请签署保密责任书：后勤部保密责任书');
    expect(inbox.map((n) => n.texts['zh-CN']?.title)).not.toContain('请签署保密责任书：档案中心保密责任书');

    // A change that moves no letter (the display name) asks nothing new.
    await patchUser(mover.userId, { displayName: '调岗同志' });
    expect(await taskDone(next.template.id, mover.userId)).toEqual([false]);
  });

  it('a department moved in the tree: its people are no longer asked the letter of the department it left', async () => {
    const centre = await department(t, org.sys, '信息中心');
    const room = await department(t, org.sys, '机房', centre);
    const [inCentre, inRoom] = await Promise.all([
      member(t, 'it.centre', { departmentId: centre }),
      member(t, 'it.room', { departmentId: room }),
    ]);
    const centreLetter = await letter('信息中心保密责任书', centre);
    expect(await taskDone(centreLetter.template.id, inRoom.userId)).toEqual([false]);
    const d = json<{ items: { id: string; version: number }[] }>(await org.sys.get('/api/departments')).items.find(
      (x) => x.id === room,
    )!;
    t.advance(1000);
    json(await org.sys.patch(`/api/departments/${room}`, { version: d.version, parentId: null }));
    expect(await taskDone(centreLetter.template.id, inRoom.userId)).toEqual([true]);
    expect(await taskDone(centreLetter.template.id, inCentre.userId)).toEqual([false]);
  });

  it('the departure NDA asked of a leaver is a to-do, done when they sign it', async () => {
    const nda = await createAndPublish(org, {
      kind: 'departure_nda',
      title: '离职保密协议',
      body: '# 离职保密协议\n\n{{name}} 离职后仍须保守所知悉的秘密。',
    });
    const leaver = await member(t, 'leaver', { departmentId: org.deptB, post: '会计' });
    json(await org.sec.post('/api/agreements/leavers', { userId: leaver.userId }), 201);
    expect(await doneStates(t, leaver.userId, 'departureNdaRequested')).toEqual([false]);
    t.advance(1000);
    json(await leaver.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD }), 201);
    expect(await doneStates(t, leaver.userId, 'departureNdaRequested')).toEqual([true]);
  });
});
