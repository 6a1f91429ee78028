import { describe, expect, it } from 'vitest';
import {
  applyChange,
  applyClassification,
  changeProblem,
  dueForDeclassification,
  governingRank,
  levelName,
  levelProblem,
  nextReviewOn,
  proposalProblem,
  reclassifyDirection,
  applyScopeChange,
  scopeDiff,
  proposalEditProblem,
  scopeEditProblem,
  type EditableField,
  type ItemChange,
  type ItemState,
  type LifecycleProblem,
} from '../../../src/modules/classification/domain/item-lifecycle.js';
import {
  DEFAULT_CLASSIFICATION_POLICY as P,
  type ClassificationPolicy,
  type Level,
  type LevelScheme,
} from '../../../src/kernel/levels.js';
import type { SecrecyPeriod, SecrecyTerm } from '../../../src/kernel/secrecy-period.js';
import type { ItemStatus, ScopeEntry } from '../../../src/kernel/secret-item.js';

const TODAY = '2025-06-01';
const years = (value: number): SecrecyPeriod => ({ value, unit: 'years' });
const months = (value: number): SecrecyPeriod => ({ value, unit: 'months' });
const period = (p: SecrecyPeriod): SecrecyTerm => ({ period: p, condition: null });
const cond = (condition: string): SecrecyTerm => ({ period: null, condition });
const NONE: SecrecyTerm = { period: null, condition: null };
const policy = (schemes: LevelScheme[]): ClassificationPolicy => ({ ...P, schemes });

/** A secret item marked on 2020-01-01 for 10 years: in force until 2030-01-01. */
const inForce = (over: Partial<ItemState> = {}): ItemState => ({
  level: 'secret',
  status: 'in_force',
  markedOn: '2020-01-01',
  period: years(10),
  condition: null,
  secrecyUntil: '2030-01-01',
  ...over,
});
const reclassify = (level: Level, term: SecrecyTerm): ItemChange => ({ type: 'reclassify', level, term });
const extend = (p: SecrecyPeriod): ItemChange => ({ type: 'extend', period: p });
const declassify: ItemChange = { type: 'declassify', reason: 'decision' };

describe('proposals', () => {
  it.each<[string, Level, SecrecyTerm, LevelScheme[], LifecycleProblem | null]>([
    ['secret for 10 years', 'secret', period(years(10)), ['state'], null],
    ['top secret with a condition', 'top_secret', cond('项目结束'), ['state'], null],
    ['confidential for 6 months', 'confidential', period(months(6)), ['state'], null],
    ['secret for 21 years', 'secret', period(years(21)), ['state'], 'period_exceeds_maximum'],
    ['secret without a term', 'secret', NONE, ['state'], 'term_required'],
    ['internal, no term', 'internal', NONE, ['state'], null],
    ['public with a period', 'public', period(years(1)), ['state'], 'term_not_allowed'],
    ['core commercial under the state scheme', 'core_commercial', period(years(5)), ['state'], 'level_not_in_use'],
    [
      'core commercial without a term: the level is refused first',
      'core_commercial',
      NONE,
      ['state'],
      'level_not_in_use',
    ],
    ['core commercial under the commercial scheme', 'core_commercial', period(years(5)), ['commercial'], null],
    [
      'ordinary commercial for 11 years',
      'ordinary_commercial',
      period(years(11)),
      ['commercial'],
      'period_exceeds_maximum',
    ],
    ['secret under the commercial scheme only', 'secret', period(years(5)), ['commercial'], 'level_not_in_use'],
    ['internal under the commercial scheme', 'internal', NONE, ['commercial'], null],
  ])('%s -> %s', (_label, level, term, schemes, problem) => {
    expect(proposalProblem(level, term, policy(schemes))).toBe(problem);
  });

  it.each<[Level, LevelScheme[], boolean]>([
    ['top_secret', ['state'], true],
    ['ordinary_commercial', ['state'], false],
    ['ordinary_commercial', ['state', 'commercial'], true],
    ['public', [], true],
  ])('levelProblem(%s, %j): in use %s', (level, schemes, ok) => {
    expect(levelProblem(level, { schemes })).toBe(ok ? null : 'level_not_in_use');
  });

  const proposed = (over: Partial<ItemState>): ItemState => ({
    ...inForce(),
    status: 'proposed',
    markedOn: null,
    secrecyUntil: null,
    ...over,
  });
  it.each<[string, Partial<ItemState>, string, string | null]>([
    ['10 years from today', { period: years(10) }, TODAY, '2035-06-01'],
    ['6 months from the 31st of August', { period: months(6) }, '2025-08-31', '2026-02-28'],
    ['1 year from a leap day', { period: years(1) }, '2024-02-29', '2025-02-28'],
    ['a condition: no until-date', { period: null, condition: '项目结束' }, TODAY, null],
    ['an internal item: no until-date', { level: 'internal', period: null }, TODAY, null],
  ])('applyClassification: %s', (_label, over, today, until) => {
    const before = proposed(over);
    expect(applyClassification(before, today)).toEqual({
      ...before,
      status: 'in_force',
      markedOn: today,
      secrecyUntil: until,
    });
  });

  it.each<[ItemStatus]>([['in_force'], ['declassified'], ['rejected'], ['withdrawn']])(
    'applyClassification refuses an item that is %s',
    (status) => {
      expect(() => applyClassification(inForce({ status }), TODAY)).toThrow();
    },
  );
});

describe('changeProblem (today 2025-06-01; a secret item marked 2020-01-01 for 10 years)', () => {
  it.each<[string, Partial<ItemState>, ItemChange, LifecycleProblem | null]>([
    // only while in force
    ['extend a proposed item', { status: 'proposed' }, extend(years(15)), 'not_in_force'],
    ['declassify a declassified item', { status: 'declassified' }, declassify, 'not_in_force'],
    ['reclassify a rejected item', { status: 'rejected' }, reclassify('top_secret', period(years(20))), 'not_in_force'],
    ['declassify a withdrawn item', { status: 'withdrawn' }, declassify, 'not_in_force'],
    [
      'a proposed item past its date is still "not in force"',
      { status: 'proposed', secrecyUntil: '2020-01-01' },
      declassify,
      'not_in_force',
    ],
    // only before expiry
    ['extend on the until-date', { secrecyUntil: TODAY }, extend(years(15)), 'already_expired'],
    ['extend after the until-date', { secrecyUntil: '2025-05-31' }, extend(years(15)), 'already_expired'],
    [
      'reclassify after the until-date',
      { secrecyUntil: '2024-01-01' },
      reclassify('top_secret', period(years(20))),
      'already_expired',
    ],
    [
      'declassify after the until-date (the job does it)',
      { secrecyUntil: '2024-01-01' },
      declassify,
      'already_expired',
    ],
    ['extend the day before the until-date', { secrecyUntil: '2025-06-02' }, extend(years(15)), null],
    // reclassify
    ['upgrade to top secret for 20 years', {}, reclassify('top_secret', period(years(20))), null],
    ['upgrade to top secret for 30 years', {}, reclassify('top_secret', period(years(30))), null],
    ['upgrade to top secret for 31 years', {}, reclassify('top_secret', period(years(31))), 'period_exceeds_maximum'],
    ['downgrade to confidential for 10 years', {}, reclassify('confidential', period(years(10))), null],
    [
      'downgrade to confidential for 11 years',
      {},
      reclassify('confidential', period(years(11))),
      'period_exceeds_maximum',
    ],
    ['downgrade to confidential with a condition', {}, reclassify('confidential', cond('合同终止')), null],
    ['downgrade with neither period nor condition', {}, reclassify('confidential', NONE), 'term_required'],
    [
      'downgrade with both',
      {},
      reclassify('confidential', { period: years(5), condition: 'x' }),
      'period_and_condition',
    ],
    ['same level with a new period', {}, reclassify('secret', period(years(15))), 'same_level'],
    [
      'same level with a condition',
      { period: null, condition: 'x', secrecyUntil: null },
      reclassify('secret', cond('y')),
      'same_level',
    ],
    ['to internal is declassification, not reclassification', {}, reclassify('internal', NONE), 'open_level_change'],
    ['to public likewise', {}, reclassify('public', NONE), 'open_level_change'],
    ['to a level of an unused scheme', {}, reclassify('core_commercial', period(years(5))), 'level_not_in_use'],
    [
      'a period that would already have ended (2020 + 5 = 2025-01-01)',
      {},
      reclassify('confidential', period(years(5))),
      'until_in_past',
    ],
    [
      'a period ending exactly today',
      { markedOn: '2020-06-01' },
      reclassify('confidential', period(years(5))),
      'until_in_past',
    ],
    ['a period ending tomorrow', { markedOn: '2020-06-02' }, reclassify('confidential', period(years(5))), null],
    [
      'a conditional item upgraded',
      { period: null, condition: 'x', secrecyUntil: null },
      reclassify('top_secret', period(years(30))),
      null,
    ],
    // extend: longer, and within the maximum
    ['extend 10 -> 15 years', {}, extend(years(15)), null],
    ['extend 10 -> 20 years (the maximum)', {}, extend(years(20)), null],
    ['extend 10 -> 21 years', {}, extend(years(21)), 'period_exceeds_maximum'],
    ['extend 10 -> 10 years', {}, extend(years(10)), 'extension_not_longer'],
    ['extend 10 -> 9 years', {}, extend(years(9)), 'extension_not_longer'],
    ['extend 10 years -> 11 months', {}, extend(months(11)), 'extension_not_longer'],
    [
      'extend 6 -> 11 months',
      { period: months(6), secrecyUntil: '2025-06-15', markedOn: '2024-12-15' },
      extend(months(11)),
      null,
    ],
    [
      'extend 6 months -> 1 year',
      { period: months(6), secrecyUntil: '2025-06-15', markedOn: '2024-12-15' },
      extend(years(1)),
      null,
    ],
    [
      'extend 6 -> 6 months',
      { period: months(6), secrecyUntil: '2025-06-15', markedOn: '2024-12-15' },
      extend(months(6)),
      'extension_not_longer',
    ],
    [
      'extend 6 -> 13 months (write 1 year instead)',
      { period: months(6), secrecyUntil: '2025-06-15', markedOn: '2024-12-15' },
      extend(months(13)),
      'period_unit',
    ],
    ['extend a confidential item to 11 years', { level: 'confidential' }, extend(years(11)), 'period_exceeds_maximum'],
    ['extend a top secret item to 30 years', { level: 'top_secret' }, extend(years(30)), null],
    [
      'extend an item with a condition',
      { period: null, condition: 'x', secrecyUntil: null },
      extend(years(5)),
      'no_period_to_extend',
    ],
    // declassify
    ['declassify by decision', {}, declassify, null],
    ['declassify on review', {}, { type: 'declassify', reason: 'review' }, null],
    [
      'declassify: condition met',
      { period: null, condition: 'x', secrecyUntil: null },
      { type: 'declassify', reason: 'condition_met' },
      null,
    ],
  ])('%s -> %s', (_label, over, change, problem) => {
    expect(changeProblem(inForce(over), change, P, TODAY)).toBe(problem);
  });

  // rescope: the scope as it is now is department A and person u1.
  const NOW: ScopeEntry[] = [
    { kind: 'department', ref: 'A' },
    { kind: 'user', ref: 'u1' },
  ];
  const rescope = (...scope: ScopeEntry[]): ItemChange => ({ type: 'rescope', scope, before: NOW });
  it.each<[string, Partial<ItemState>, ItemChange, LifecycleProblem | null]>([
    ['add a person', {}, rescope(...NOW, { kind: 'user', ref: 'u2' }), null],
    [
      'add a role and drop the department',
      {},
      rescope({ kind: 'user', ref: 'u1' }, { kind: 'role', ref: 'leadership' }),
      null,
    ],
    ['replace everything', {}, rescope({ kind: 'department', ref: 'B' }), null],
    ['the same scope, reordered', {}, rescope(NOW[1]!, NOW[0]!), 'scope_not_widened'],
    ['narrowing only (an edit, not a request)', {}, rescope(NOW[0]!), 'scope_not_widened'],
    ['empty', {}, rescope(), 'scope_required'],
    [
      'a duplicate entry',
      {},
      rescope(...NOW, { kind: 'user', ref: 'u2' }, { kind: 'user', ref: 'u2' }),
      'scope_duplicate',
    ],
    [
      'an item no longer in force',
      { status: 'declassified' },
      rescope(...NOW, { kind: 'user', ref: 'u2' }),
      'not_in_force',
    ],
    [
      'after the until-date',
      { secrecyUntil: '2025-05-31' },
      rescope(...NOW, { kind: 'user', ref: 'u2' }),
      'already_expired',
    ],
    [
      'an internal item (open to everyone)',
      { level: 'internal', period: null, secrecyUntil: null },
      rescope(...NOW, { kind: 'user', ref: 'u2' }),
      'open_item',
    ],
  ])('rescope: %s -> %s', (_label, over, change, problem) => {
    expect(changeProblem(inForce(over), change, P, TODAY)).toBe(problem);
  });

  it('uses the configured maximum when extending', () => {
    const strict: ClassificationPolicy = { ...P, maxYears: { ...P.maxYears, secret: 12 } };
    expect(changeProblem(inForce(), extend(years(12)), strict, TODAY)).toBeNull();
    expect(changeProblem(inForce(), extend(years(13)), strict, TODAY)).toBe('period_exceeds_maximum');
  });
});

describe('scope edits and scope requests', () => {
  const A: ScopeEntry = { kind: 'department', ref: 'A' };
  const U: ScopeEntry = { kind: 'user', ref: 'u1' };
  const R: ScopeEntry = { kind: 'role', ref: 'leadership' };
  it.each<[string, ScopeEntry[], ScopeEntry[], { added: ScopeEntry[]; removed: ScopeEntry[] }]>([
    ['nothing changes', [A, U], [U, A], { added: [], removed: [] }],
    ['one added', [A], [A, U], { added: [U], removed: [] }],
    ['one removed', [A, U], [U], { added: [], removed: [A] }],
    ['replaced', [A], [R], { added: [R], removed: [A] }],
    [
      'same ref, other kind, is another entry',
      [{ kind: 'user', ref: 'x' }],
      [{ kind: 'department', ref: 'x' }],
      { added: [{ kind: 'department', ref: 'x' }], removed: [{ kind: 'user', ref: 'x' }] },
    ],
  ])('scopeDiff: %s', (_label, before, after, diff) => {
    expect(scopeDiff(before, after)).toEqual(diff);
  });

  it.each<[string, ScopeEntry[], ScopeEntry[], ScopeEntry[], ScopeEntry[]]>([
    ['adds to the scope as it is', [A], [U], [], [A, U]],
    ['removes what it removes', [A, U], [R], [A], [U, R]],
    ['removing what is already gone changes nothing else', [U], [], [A], [U]],
    ['what was removed meanwhile is not brought back', [U], [R], [A], [U, R]],
    ['an entry added meanwhile is not doubled', [A, U], [U], [], [A, U]],
  ])('applyScopeChange: %s', (_label, current, added, removed, next) => {
    expect(applyScopeChange(current, added, removed)).toEqual(next);
  });

  type EditProblem = ReturnType<typeof scopeEditProblem>;
  it.each<[string, Level, ItemStatus, ScopeEntry[], ScopeEntry[], boolean, EditProblem]>([
    ['widening a secret item in force', 'secret', 'in_force', [A], [A, U], false, 'scope_widening_needs_approval'],
    [
      'replacing (adds someone) on a confidential item in force',
      'confidential',
      'in_force',
      [A],
      [R],
      false,
      'scope_widening_needs_approval',
    ],
    ['narrowing an item in force', 'secret', 'in_force', [A, U], [A], false, null],
    ['reordering an item in force', 'top_secret', 'in_force', [A, U], [U, A], false, null],
    ['widening a proposal nobody has approved yet', 'secret', 'proposed', [A], [A, U], false, null],
    [
      'widening a proposal an approver has approved a step of',
      'secret',
      'proposed',
      [A],
      [A, U],
      true,
      'scope_frozen_in_approval',
    ],
    ['narrowing a proposal in approval', 'secret', 'proposed', [A, U], [A], true, null],
    ['widening an internal item (open to everyone anyway)', 'internal', 'in_force', [], [U], false, null],
    ['widening a rejected proposal (never in force)', 'secret', 'rejected', [A], [A, U], true, null],
  ])('scopeEditProblem: %s -> %s', (_label, level, status, before, after, started, problem) => {
    expect(scopeEditProblem({ level, status }, before, after, started)).toBe(problem);
  });

  it.each<[string, ItemStatus, boolean, EditableField[], ReturnType<typeof proposalEditProblem>]>([
    ['a proposal nobody has approved yet, retitled', 'proposed', false, ['title'], null],
    ['a proposal in approval, retitled', 'proposed', true, ['title'], 'proposal_frozen_in_approval'],
    ['a proposal in approval, content changed', 'proposed', true, ['content'], 'proposal_frozen_in_approval'],
    [
      'a proposal in approval, basis and category changed',
      'proposed',
      true,
      ['basis', 'category'],
      'proposal_frozen_in_approval',
    ],
    ['a proposal in approval, nothing changed (scope only)', 'proposed', true, [], null],
    ['an item in force, retitled', 'in_force', true, ['title'], null],
    ['a rejected proposal, retitled', 'rejected', true, ['content'], null],
  ])('proposalEditProblem: %s -> %s', (_label, status, started, fields, problem) => {
    expect(proposalEditProblem(status, started, fields)).toBe(problem);
  });
});

describe('applyChange', () => {
  it.each<[string, Partial<ItemState>, ItemChange, Partial<ItemState>]>([
    [
      'upgrade: new level and period, counted from the marked date',
      {},
      reclassify('top_secret', period(years(20))),
      { level: 'top_secret', period: years(20), secrecyUntil: '2040-01-01' },
    ],
    [
      'downgrade to a condition: no until-date',
      {},
      reclassify('confidential', cond('合同终止')),
      { level: 'confidential', period: null, condition: '合同终止', secrecyUntil: null },
    ],
    [
      'a conditional item gets a period',
      { period: null, condition: 'x', secrecyUntil: null },
      reclassify('top_secret', period(years(30))),
      { level: 'top_secret', period: years(30), condition: null, secrecyUntil: '2050-01-01' },
    ],
    ['extend to 15 years', {}, extend(years(15)), { period: years(15), secrecyUntil: '2035-01-01' }],
    [
      'extend in months, clamped to the month end',
      { markedOn: '2024-08-31', period: months(6), secrecyUntil: '2025-02-28' },
      extend(months(9)),
      { period: months(9), secrecyUntil: '2025-05-31' },
    ],
    [
      'extend from a leap day',
      { markedOn: '2024-02-29', period: years(2), secrecyUntil: '2026-02-28' },
      extend(years(4)),
      { period: years(4), secrecyUntil: '2028-02-29' },
    ],
    ['declassify', {}, declassify, { status: 'declassified' }],
    [
      'without a marked date, periods count from today',
      { markedOn: null },
      extend(years(11)),
      { period: years(11), secrecyUntil: '2036-06-01' },
    ],
  ])('%s', (_label, over, change, changed) => {
    const before = inForce(over);
    expect(applyChange(before, change, TODAY)).toEqual({ ...before, ...changed });
  });
});

describe('which chain governs a change', () => {
  it.each<[string, Level, ItemChange | null, number]>([
    ['upgrade secret -> top secret: the new level', 'secret', reclassify('top_secret', period(years(20))), 4],
    [
      'downgrade top secret -> confidential: the old level',
      'top_secret',
      reclassify('confidential', period(years(5))),
      4,
    ],
    ['downgrade secret -> confidential', 'secret', reclassify('confidential', period(years(5))), 3],
    ['upgrade confidential -> secret', 'confidential', reclassify('secret', period(years(5))), 3],
    ['lateral secret -> core commercial', 'secret', reclassify('core_commercial', period(years(5))), 3],
    [
      'upgrade ordinary commercial -> core commercial',
      'ordinary_commercial',
      reclassify('core_commercial', period(years(5))),
      3,
    ],
    ['extend a confidential item', 'confidential', extend(years(5)), 2],
    ['declassify a top secret item', 'top_secret', declassify, 4],
    ['no change', 'secret', null, 3],
  ])('%s -> rank %i', (_label, level, change, rank) => {
    expect(governingRank({ level }, change)).toBe(rank);
  });

  it.each<[Level, Level, 'upgrade' | 'downgrade' | 'lateral']>([
    ['secret', 'top_secret', 'upgrade'],
    ['confidential', 'secret', 'upgrade'],
    ['internal', 'confidential', 'upgrade'],
    ['ordinary_commercial', 'secret', 'upgrade'],
    ['top_secret', 'confidential', 'downgrade'],
    ['confidential', 'internal', 'downgrade'],
    ['internal', 'public', 'downgrade'],
    ['core_commercial', 'ordinary_commercial', 'downgrade'],
    ['secret', 'core_commercial', 'lateral'],
    ['confidential', 'ordinary_commercial', 'lateral'],
    ['public', 'public', 'lateral'],
  ])('reclassifyDirection(%s -> %s) = %s', (from, to, direction) => {
    expect(reclassifyDirection(from, to)).toBe(direction);
  });
});

describe('expiry and review', () => {
  it.each<[ItemStatus, string | null, boolean]>([
    ['in_force', TODAY, true], // due on its until-date
    ['in_force', '2025-05-31', true],
    ['in_force', '2025-06-02', false],
    ['in_force', null, false], // a condition: never by the clock
    ['proposed', '2025-05-31', false],
    ['declassified', '2025-05-31', false],
    ['rejected', '2025-05-31', false],
  ])('dueForDeclassification(%s, until %s) today = %s', (status, secrecyUntil, due) => {
    expect(dueForDeclassification({ status, secrecyUntil }, TODAY)).toBe(due);
  });

  it.each<[string, number, string]>([
    ['2025-06-01', 12, '2026-06-01'], // yearly by default
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-06-01', 6, '2025-12-01'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
  ])('nextReviewOn(%s) every %i months = %s', (from, reviewIntervalMonths, next) => {
    expect(nextReviewOn(from, { reviewIntervalMonths })).toBe(next);
  });

  it('the default review interval is a year', () => {
    expect(nextReviewOn(TODAY, P)).toBe('2026-06-01');
  });

  it.each<[Level, string, string]>([
    ['top_secret', '绝密', 'Top secret'],
    ['secret', '机密', 'Secret'],
    ['confidential', '秘密', 'Confidential'],
    ['core_commercial', '核心商密', 'Core commercial secret'],
    ['internal', '内部', 'Internal'],
  ])('levelName(%s) = %s / %s', (level, zh, en) => {
    expect(levelName(level, 'zh')).toBe(zh);
    expect(levelName(level, 'en')).toBe(en);
  });
});

describe('a whole life', () => {
  it('proposed -> in force -> extended -> upgraded -> due -> declassified', () => {
    const term = period(years(5));
    expect(proposalProblem('confidential', term, P)).toBeNull();
    let s: ItemState = {
      level: 'confidential',
      status: 'proposed',
      markedOn: null,
      period: term.period,
      condition: null,
      secrecyUntil: null,
    };
    expect(changeProblem(s, declassify, P, TODAY)).toBe('not_in_force');

    s = applyClassification(s, '2024-01-31');
    expect(s).toMatchObject({ status: 'in_force', markedOn: '2024-01-31', secrecyUntil: '2029-01-31' });

    expect(changeProblem(s, extend(years(8)), P, TODAY)).toBeNull();
    s = applyChange(s, extend(years(8)), TODAY);
    expect(s.secrecyUntil).toBe('2032-01-31');

    const up = reclassify('secret', period(years(15)));
    expect(changeProblem(s, up, P, TODAY)).toBeNull();
    expect(governingRank(s, up)).toBe(3);
    s = applyChange(s, up, TODAY);
    expect(s).toMatchObject({ level: 'secret', markedOn: '2024-01-31', secrecyUntil: '2039-01-31' });

    expect(dueForDeclassification(s, '2039-01-30')).toBe(false);
    expect(dueForDeclassification(s, '2039-01-31')).toBe(true);
    expect(changeProblem(s, extend(years(20)), P, '2039-01-31')).toBe('already_expired');
    expect(applyChange(s, declassify, '2039-01-31').status).toBe('declassified');
  });
});
