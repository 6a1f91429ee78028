import { describe, expect, it } from 'vitest';
import type { AgreementKind } from '../../../src/kernel/agreements.js';
import {
  applicableTemplates,
  fitOf,
  holdsAtSignIn,
  obligationOf,
  obligationsOf,
  signProblem,
  type Obligation,
  type PersonFacts,
  type SignatureFacts,
  type TemplateFacts,
  staleSignNotices,
} from '../../../src/modules/people/domain/obligations.js';

/**
 * Who must sign what, and where each person stands (src/modules/people/domain/obligations.ts), rule by rule:
 * the responsibility letter that fits best, the kinds each person signs, grace periods, re-signing after a new
 * version, validity and expiry, withdrawn signatures, leavers, retired and unpublished templates, the sign-in
 * hold and whether a version may be signed. Departments: d-team under d-div under d-root; d-other under d-root.
 */
const SETTINGS = { graceDays: 14, expiryReminderDays: 30 };

const person = (p: Partial<PersonFacts> = {}): PersonFacts => ({
  id: 'p',
  departmentPath: ['d-team', 'd-div', 'd-root'],
  post: 'eng',
  cleared: false,
  joinedOn: '2026-01-01',
  leavingSince: null,
  ...p,
});

const tpl = (id: string, t: Partial<TemplateFacts> = {}): TemplateFacts => ({
  id,
  kind: 'responsibility',
  departmentId: null,
  post: null,
  active: true,
  validityMonths: null,
  graceDays: null,
  current: { id: `${id}-v1`, versionNo: 1, publishedOn: '2026-03-01' },
  ...t,
});

const sig = (s: Partial<SignatureFacts> & { templateId: string }): SignatureFacts => ({
  id: 's1',
  versionNo: 1,
  signedOn: '2026-03-05',
  withdrawn: false,
  ...s,
});

describe('[PER-02][PER-08] the responsibility letter that fits the person best', () => {
  const R = {
    general: tpl('r-general'),
    post: tpl('r-post', { post: 'eng' }),
    root: tpl('r-root', { departmentId: 'd-root' }),
    div: tpl('r-div', { departmentId: 'd-div' }),
    team: tpl('r-team', { departmentId: 'd-team' }),
    divEng: tpl('r-div-eng', { departmentId: 'd-div', post: 'eng' }),
    teamEng: tpl('r-team-eng', { departmentId: 'd-team', post: 'eng' }),
    other: tpl('r-other', { departmentId: 'd-other' }),
    teamAcct: tpl('r-team-acct', { departmentId: 'd-team', post: 'acct' }),
    teamRetired: tpl('r-team-retired', { departmentId: 'd-team', active: false }),
    teamDraft: tpl('r-team-draft', { departmentId: 'd-team', current: null }),
  };
  type K = keyof typeof R;
  const rows: [string, K[], Partial<PersonFacts>, string | null][] = [
    ['the general one alone', ['general'], {}, 'r-general'],
    ['a department above the general one', ['general', 'root'], {}, 'r-root'],
    ['the nearer department first', ['root', 'div', 'team'], {}, 'r-team'],
    ['the nearer department first, in any order', ['team', 'div', 'root'], {}, 'r-team'],
    ['a post before a department only', ['team', 'post'], {}, 'r-post'],
    ['post and department before the post only', ['post', 'divEng'], {}, 'r-div-eng'],
    ['post and own department before post and a parent', ['divEng', 'teamEng'], {}, 'r-team-eng'],
    ['another department never fits', ['other'], {}, null],
    ['another post never fits', ['teamAcct'], {}, null],
    ['the general one when nothing else fits', ['other', 'teamAcct', 'general'], {}, 'r-general'],
    ['a retired letter counts no more', ['teamRetired', 'general'], {}, 'r-general'],
    ['an unpublished letter does not count yet', ['teamDraft', 'general'], {}, 'r-general'],
    [
      'a person in a sub-department takes the parent’s',
      ['div', 'general'],
      { departmentPath: ['d-x', 'd-div', 'd-root'] },
      'r-div',
    ],
    ['no department: only the general one', ['root', 'general'], { departmentPath: [] }, 'r-general'],
    ['no department and no general one: none', ['root'], { departmentPath: [] }, null],
    ['no post: a post letter does not fit', ['post', 'team'], { post: null }, 'r-team'],
  ];
  it.each(rows)('%s', (_n, keys, p, want) => {
    const chosen = applicableTemplates(
      person(p),
      keys.map((k) => R[k]),
    ).filter((t) => t.kind === 'responsibility');
    expect(chosen.map((t) => t.id)).toEqual(want ? [want] : []);
  });

  it('of two that fit equally, the one with the lower id, whatever their order', () => {
    const a = tpl('a');
    const b = tpl('b');
    expect(applicableTemplates(person(), [a, b]).map((t) => t.id)).toEqual(['a']);
    expect(applicableTemplates(person(), [b, a]).map((t) => t.id)).toEqual(['a']);
  });

  it.each([
    [{ departmentId: null, post: null }, 0],
    [{ departmentId: 'd-team', post: null }, 1000],
    [{ departmentId: 'd-div', post: null }, 999],
    [{ departmentId: 'd-root', post: null }, 998],
    [{ departmentId: null, post: 'eng' }, 10_000],
    [{ departmentId: 'd-team', post: 'eng' }, 11_000],
    [{ departmentId: 'd-other', post: null }, -1],
    [{ departmentId: null, post: 'acct' }, -1],
    [{ departmentId: 'd-team', post: 'acct' }, -1],
  ])('fitOf %j = %i', (t, want) => {
    expect(fitOf(person(), t)).toBe(want);
  });
});

describe('[PER-01][PER-03][PER-04] the kinds each person signs', () => {
  const T = [
    tpl('nda-1', { kind: 'nda' }),
    tpl('nda-2', { kind: 'nda' }),
    tpl('resp', { kind: 'responsibility' }),
    tpl('commit', { kind: 'commitment' }),
    tpl('leave', { kind: 'departure_nda' }),
    tpl('other-all', { kind: 'other' }),
    tpl('other-team', { kind: 'other', departmentId: 'd-team' }),
    tpl('other-elsewhere', { kind: 'other', departmentId: 'd-other' }),
    tpl('other-acct', { kind: 'other', post: 'acct' }),
    tpl('nda-retired', { kind: 'nda', active: false }),
    tpl('nda-draft', { kind: 'nda', current: null }),
  ];
  const rows: [string, Partial<PersonFacts>, string[]][] = [
    [
      'an employee: every NDA, the letter, the others that name them',
      {},
      ['nda-1', 'nda-2', 'resp', 'other-all', 'other-team'],
    ],
    [
      'a cleared person: the commitment letter too',
      { cleared: true },
      ['nda-1', 'nda-2', 'resp', 'commit', 'other-all', 'other-team'],
    ],
    [
      'a leaver: the departure NDA too',
      { leavingSince: '2026-04-01' },
      ['nda-1', 'nda-2', 'resp', 'leave', 'other-all', 'other-team'],
    ],
    [
      'a person of another department',
      { departmentPath: ['d-other', 'd-root'], post: 'acct' },
      ['nda-1', 'nda-2', 'resp', 'other-all', 'other-elsewhere', 'other-acct'],
    ],
    [
      'nobody signs a retired or unpublished template',
      { cleared: true, leavingSince: '2026-04-01' },
      ['nda-1', 'nda-2', 'resp', 'commit', 'leave', 'other-all', 'other-team'],
    ],
  ];
  it.each(rows)('%s', (_n, p, want) => {
    expect(applicableTemplates(person(p), T).map((t) => t.id)).toEqual(want);
  });

  it('obligationsOf gives one obligation per applicable template, in that order', () => {
    const o = obligationsOf(person({ cleared: true }), T, [], SETTINGS, '2026-03-02');
    expect(o.map((x) => [x.templateId, x.kind])).toEqual([
      ['nda-1', 'nda'],
      ['nda-2', 'nda'],
      ['resp', 'responsibility'],
      ['commit', 'commitment'],
      ['other-all', 'other'],
      ['other-team', 'other'],
    ]);
  });
});

describe('[PER-01][PER-02] where a person stands: grace, re-signing, validity, withdrawal, leavers', () => {
  type Row = [
    string,
    { t?: Partial<TemplateFacts>; p?: Partial<PersonFacts>; s?: (Partial<SignatureFacts> & { templateId?: string })[] },
    string,
    Partial<Obligation>,
  ];
  const v2 = { id: 't-v2', versionNo: 2, publishedOn: '2026-06-01' };
  const rows: Row[] = [
    // Never signed: due for the grace period from publication (or joining, if later), then overdue.
    [
      'unsigned, within the grace period',
      {},
      '2026-03-10',
      { state: 'due', dueOn: '2026-03-15', expiresOn: null, signatureId: null },
    ],
    ['unsigned, on the last day', {}, '2026-03-15', { state: 'due', dueOn: '2026-03-15' }],
    ['unsigned, the day after', {}, '2026-03-16', { state: 'overdue', dueOn: '2026-03-15' }],
    [
      'the template’s own grace period',
      { t: { graceDays: 5 } },
      '2026-03-07',
      { state: 'overdue', dueOn: '2026-03-06' },
    ],
    ['no grace at all', { t: { graceDays: 0 } }, '2026-03-01', { state: 'due', dueOn: '2026-03-01' }],
    [
      'joined after publication: from the day they joined',
      { p: { joinedOn: '2026-04-01' } },
      '2026-04-10',
      { state: 'due', dueOn: '2026-04-15' },
    ],
    // Signed the current version.
    [
      'signed, no validity: signed for good',
      { s: [{}] },
      '2030-01-01',
      { state: 'signed', dueOn: null, expiresOn: null, signatureId: 's1' },
    ],
    [
      'signed on paper or electronically alike, latest counts',
      {
        s: [
          { id: 's1', signedOn: '2026-03-02' },
          { id: 's2', signedOn: '2026-03-09' },
        ],
      },
      '2026-04-01',
      { state: 'signed', signatureId: 's2' },
    ],
    // A new version: re-sign within the grace period from its publication.
    [
      'an earlier version signed: re-sign due',
      { t: { current: v2 }, s: [{}] },
      '2026-06-10',
      { state: 'resign_due', dueOn: '2026-06-15', versionNo: 2, versionId: 't-v2', signatureId: 's1' },
    ],
    [
      'an earlier version signed: re-sign overdue',
      { t: { current: v2 }, s: [{}] },
      '2026-06-16',
      { state: 'resign_overdue', dueOn: '2026-06-15' },
    ],
    [
      'the new version signed too',
      { t: { current: v2 }, s: [{}, { id: 's2', versionNo: 2, signedOn: '2026-06-02' }] },
      '2026-06-16',
      { state: 'signed', signatureId: 's2' },
    ],
    [
      'joined after the new version: from joining',
      { t: { current: v2 }, p: { joinedOn: '2026-07-01' }, s: [{}] },
      '2026-07-10',
      { state: 'resign_due', dueOn: '2026-07-15' },
    ],
    // Validity: signed 2026-03-05 for 12 months ends 2027-03-05; reminded from 30 days before.
    [
      'valid, before the reminder window',
      { t: { validityMonths: 12 }, s: [{}] },
      '2027-02-02',
      { state: 'signed', expiresOn: '2027-03-05', dueOn: null },
    ],
    [
      'valid, in the reminder window: expiring',
      { t: { validityMonths: 12 }, s: [{}] },
      '2027-02-03',
      { state: 'expiring', expiresOn: '2027-03-05', dueOn: '2027-03-05' },
    ],
    [
      'validity ended: re-sign within the grace period',
      { t: { validityMonths: 12 }, s: [{}] },
      '2027-03-05',
      { state: 'resign_due', dueOn: '2027-03-19' },
    ],
    [
      'validity ended and the grace period too',
      { t: { validityMonths: 12 }, s: [{}] },
      '2027-03-20',
      { state: 'resign_overdue', dueOn: '2027-03-19' },
    ],
    [
      'a template grace period after expiry',
      { t: { validityMonths: 1, graceDays: 3 }, s: [{}] },
      '2026-04-09',
      { state: 'resign_overdue', dueOn: '2026-04-08', expiresOn: '2026-04-05' },
    ],
    [
      'an earlier version with a validity still running: re-sign',
      { t: { validityMonths: 12, current: v2 }, s: [{}] },
      '2026-06-02',
      { state: 'resign_due', expiresOn: '2027-03-05', dueOn: '2026-06-15' },
    ],
    // Withdrawn signatures do not count.
    [
      'the only signature withdrawn: due as if never signed',
      { s: [{ withdrawn: true }] },
      '2026-03-10',
      { state: 'due', signatureId: null, dueOn: '2026-03-15' },
    ],
    [
      'the only signature withdrawn, after the grace period',
      { s: [{ withdrawn: true }] },
      '2026-04-10',
      { state: 'overdue' },
    ],
    [
      'the current signature withdrawn, an earlier one stands',
      { t: { current: v2 }, s: [{}, { id: 's2', versionNo: 2, withdrawn: true }] },
      '2026-06-20',
      { state: 'resign_overdue', signatureId: 's1' },
    ],
    [
      'signatures of other templates do not count',
      { s: [{ templateId: 'other' }] },
      '2026-03-20',
      { state: 'overdue', signatureId: null },
    ],
  ];
  it.each(rows)('%s', (_n, { t = {}, p = {}, s = [] }, today, want) => {
    const template = tpl('t', { kind: 'nda', ...t });
    const sigs = s.map((x) => sig({ templateId: 't', ...x }));
    expect(obligationOf(person(p), template, sigs, SETTINGS, today)).toMatchObject({
      templateId: 't',
      kind: 'nda',
      ...want,
    });
  });

  const leave = (p: Partial<TemplateFacts> = {}) => tpl('leave', { kind: 'departure_nda', ...p });
  it.each([
    [
      'asked after publication: from the day asked',
      leave(),
      { leavingSince: '2026-05-01' },
      '2026-05-10',
      'due',
      '2026-05-15',
    ],
    [
      'asked before publication: from publication',
      leave(),
      { leavingSince: '2026-02-01' },
      '2026-03-10',
      'due',
      '2026-03-15',
    ],
    ['past its grace period', leave(), { leavingSince: '2026-05-01' }, '2026-05-16', 'overdue', '2026-05-15'],
  ] as const)('[PER-04] a leaver’s departure NDA: %s', (_n, t, p, today, state, dueOn) => {
    const [o] = obligationsOf(person(p), [t], [], SETTINGS, today);
    expect(o).toMatchObject({ templateId: 'leave', state, dueOn });
  });

  it('[PER-04] a leaver’s departure NDA signed on paper counts like any signature', () => {
    const [o] = obligationsOf(
      person({ leavingSince: '2026-05-01' }),
      [leave()],
      [sig({ templateId: 'leave', signedOn: '2026-05-02' })],
      SETTINGS,
      '2026-05-20',
    );
    expect(o?.state).toBe('signed');
  });
});

const ob = (kind: AgreementKind, state: Obligation['state'], templateId = `t-${kind}`): Obligation => ({
  templateId,
  kind,
  versionId: `${templateId}-v1`,
  versionNo: 1,
  state,
  dueOn: null,
  expiresOn: null,
  signatureId: null,
});

describe('[PER-01][PER-02] the sign-in hold: an NDA or responsibility letter past its grace period', () => {
  const rows: [string, Obligation[], boolean][] = [
    ['nothing to sign', [], false],
    ['an NDA due', [ob('nda', 'due')], false],
    ['an NDA overdue', [ob('nda', 'overdue')], true],
    ['an NDA to re-sign, overdue', [ob('nda', 'resign_overdue')], true],
    ['a responsibility letter overdue', [ob('responsibility', 'overdue')], true],
    ['a responsibility letter to re-sign, within grace', [ob('responsibility', 'resign_due')], false],
    ['expiring', [ob('nda', 'expiring')], false],
    ['a commitment letter overdue does not hold', [ob('commitment', 'overdue')], false],
    ['a departure NDA overdue does not hold', [ob('departure_nda', 'overdue')], false],
    ['another agreement overdue does not hold', [ob('other', 'overdue')], false],
    ['signed everything', [ob('nda', 'signed'), ob('responsibility', 'signed')], false],
    ['one of several overdue', [ob('nda', 'signed'), ob('responsibility', 'overdue')], true],
  ];
  it.each(rows)('%s', (_n, obligations, held) => {
    expect(holdsAtSignIn(obligations)).toBe(held);
  });
});

describe('may this version be signed now', () => {
  const obligations = [
    ob('nda', 'due', 'a'),
    ob('responsibility', 'signed', 'b'),
    ob('other', 'expiring', 'c'),
    ob('commitment', 'resign_overdue', 'd'),
  ];
  const rows: [string, string, string, ReturnType<typeof signProblem>][] = [
    ['the current version of a due one', 'a', 'a-v1', null],
    ['an earlier (superseded) version', 'a', 'a-v0', 'superseded_version'],
    ['already signed and valid', 'b', 'b-v1', 'already_signed'],
    ['expiring: may sign again', 'c', 'c-v1', null],
    ['to re-sign', 'd', 'd-v1', null],
    ['not required of this person (or retired)', 'z', 'z-v1', 'not_required'],
  ];
  it.each(rows)('%s', (_n, templateId, versionId, want) => {
    expect(signProblem(obligations, templateId, versionId)).toBe(want);
  });
});

describe('staleSignNotices: which open 「请签署」 notices ask nothing any more', () => {
  const obligations = new Map([
    ['u1', [{ templateId: 't1', state: 'due' as const }]],
    ['u2', [{ templateId: 't1', state: 'signed' as const }]],
    ['u3', [{ templateId: 't2', state: 'resign_overdue' as const }]],
  ]);
  it.each<[string, { userId: string; templateId: string }, boolean]>([
    ['still to sign', { userId: 'u1', templateId: 't1' }, false],
    ['signed', { userId: 'u2', templateId: 't1' }, true],
    ['to sign again', { userId: 'u3', templateId: 't2' }, false],
    ['another letter took its place', { userId: 'u1', templateId: 't9' }, true],
    ['no obligations at all (left)', { userId: 'u4', templateId: 't1' }, true],
  ])('%s', (_label, notice, stale) => {
    expect(staleSignNotices([notice], obligations)).toEqual(stale ? [notice] : []);
  });
});
