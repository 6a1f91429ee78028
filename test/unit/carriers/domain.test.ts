import { describe, expect, it } from 'vitest';
import { CHANNELS, LOCATION_KINDS, type Channel, type LocationKind } from '../../../src/kernel/carriers.js';
import { LEVELS, levelsInUse, type Level } from '../../../src/kernel/levels.js';
import {
  channelProblem,
  copiesNumbered,
  DEFAULT_NUMBER_SCHEME,
  formatRegisterNumber,
  LEVEL_CODES,
  levelProblem,
  locationProblem,
  numberSchemeProblem,
  unitNumbers,
  type LocationFacts,
} from '../../../src/modules/carriers/domain/register-rules.js';
import {
  addDays,
  carryOutReturnProblem,
  daysBetween,
  DEFAULT_LOAN_DAYS,
  destinationProblem,
  extensionProblem,
  isOverdue,
  loanDaysFor,
  loanDueProblem,
  reminderDue,
  returnDiffers,
  returnProblem,
  type LoanDays,
} from '../../../src/modules/carriers/domain/movement-rules.js';

/**
 * The carriers module's pure rules (domain/register-rules.ts and movement-rules.ts): register numbers and copies,
 * levels, storage locations, channels, loan periods and extensions, overdue and reminders, the check on return,
 * carry-out return dates and destinations. Each row states the expected result.
 */

const STATE_ONLY = levelsInUse({ schemes: ['state'] });
const BOTH_SCHEMES = levelsInUse({ schemes: ['state', 'commercial'] });

describe('register numbers', () => {
  it.each<[string, ReturnType<typeof numberSchemeProblem>]>([
    [DEFAULT_NUMBER_SCHEME, null],
    ['{seq}', null],
    ['{seq:1}', null],
    ['{seq:9}', null],
    ['BM/{year}/{kind}-{seq:4}', null],
    ['A.{level}_{seq}', null],
    ['{seq}{seq}', null],
    ['{kind}{level}{year}{seq:6}', null],
    [`${'X'.repeat(55)}{seq}`, null], // 60 characters
    [`${'X'.repeat(56)}{seq}`, 'scheme_invalid'], // 61
    ['', 'scheme_invalid'],
    ['{year}-{level}', 'scheme_needs_seq'], // numbers would repeat
    ['BM-2026', 'scheme_needs_seq'],
    ['{seq:0}', 'scheme_needs_seq'], // a width of 0 is no width: no sequence left
    ['{seq:10}', 'scheme_invalid'], // widths are one digit
    ['{Seq}', 'scheme_invalid'],
    ['{month}-{seq}', 'scheme_invalid'],
    ['{year} {seq}', 'scheme_invalid'], // a space
    ['{year}年{seq}号', 'scheme_invalid'], // ASCII only, so numbers sort and scan alike everywhere
    ['{year}-{seq', 'scheme_invalid'],
    ['{year}-{seq}}', 'scheme_invalid'],
    ['{year:2}-{seq}', 'scheme_invalid'], // only the sequence has a width
    ['{level:3}{seq:4}', 'scheme_invalid'],
    ['<b>{seq}</b>', 'scheme_invalid'],
  ])('numberSchemeProblem(%j) = %s', (scheme, problem) => {
    expect(numberSchemeProblem(scheme)).toBe(problem);
  });

  const parts = { year: 2026, level: 'secret' as Level, kind: 'paper_document', seq: 42 };
  it.each<[string, Partial<typeof parts>, string]>([
    [DEFAULT_NUMBER_SCHEME, {}, '2026-S-00042'],
    [DEFAULT_NUMBER_SCHEME, { seq: 1 }, '2026-S-00001'],
    [DEFAULT_NUMBER_SCHEME, { seq: 99_999 }, '2026-S-99999'],
    [DEFAULT_NUMBER_SCHEME, { seq: 123_456 }, '2026-S-123456'], // grows past its width, never wraps
    [DEFAULT_NUMBER_SCHEME, { level: 'top_secret', year: 2027 }, '2027-TS-00042'],
    [DEFAULT_NUMBER_SCHEME, { level: 'confidential' }, '2026-C-00042'],
    [DEFAULT_NUMBER_SCHEME, { level: 'core_commercial' }, '2026-CC-00042'],
    [DEFAULT_NUMBER_SCHEME, { level: 'ordinary_commercial' }, '2026-OC-00042'],
    ['{seq}', {}, '42'],
    ['{seq:1}', { seq: 7 }, '7'],
    ['{seq:9}', { seq: 7 }, '000000007'],
    ['BM/{year}/{kind}-{seq:4}', {}, 'BM/2026/paper_document-0042'],
    ['{kind}.{seq:3}', { kind: 'telegram', seq: 5 }, 'telegram.005'],
    ['{seq}-{seq:3}', { seq: 5 }, '5-005'],
  ])('formatRegisterNumber(%j, %j) = %s', (scheme, over, number) => {
    expect(formatRegisterNumber(scheme, { ...parts, ...over })).toBe(number);
  });

  it.each<[Level, string]>([
    ['top_secret', 'TS'],
    ['secret', 'S'],
    ['confidential', 'C'],
    ['core_commercial', 'CC'],
    ['ordinary_commercial', 'OC'],
  ])('level code of %s is %s (ASCII, distinct)', (level, code) => {
    expect(LEVEL_CODES[level]).toBe(code);
    expect(new Set(Object.values(LEVEL_CODES)).size).toBe(LEVELS.length);
  });
});

describe('[CAR-01] copies: 绝密 and 机密 copies are numbered units', () => {
  it.each<[Level, boolean]>([
    ['top_secret', true],
    ['secret', true],
    ['core_commercial', true], // ranks with 机密
    ['confidential', false],
    ['ordinary_commercial', false],
  ])('copiesNumbered(%s) = %s', (level, numbered) => {
    expect(copiesNumbered(level)).toBe(numbered);
  });

  const SET = '2026-S-00042';
  it.each<[Level, number, { number: string; copyNo: number | null }[]]>([
    ['secret', 1, [{ number: SET, copyNo: 1 }]],
    [
      'secret',
      3,
      [
        { number: `${SET}-1/3`, copyNo: 1 },
        { number: `${SET}-2/3`, copyNo: 2 },
        { number: `${SET}-3/3`, copyNo: 3 },
      ],
    ],
    ['top_secret', 1, [{ number: SET, copyNo: 1 }]],
    [
      'top_secret',
      2,
      [
        { number: `${SET}-1/2`, copyNo: 1 },
        { number: `${SET}-2/2`, copyNo: 2 },
      ],
    ],
    [
      'core_commercial',
      2,
      [
        { number: `${SET}-1/2`, copyNo: 1 },
        { number: `${SET}-2/2`, copyNo: 2 },
      ],
    ],
    ['confidential', 1, [{ number: SET, copyNo: null }]],
    ['confidential', 5, [{ number: SET, copyNo: null }]], // one unit holds the five copies
    ['ordinary_commercial', 3, [{ number: SET, copyNo: null }]],
  ])('unitNumbers(%s, %i copies)', (level, copies, units) => {
    expect(unitNumbers(SET, level, copies)).toEqual(units);
  });

  it('200 numbered copies: 200 distinct units, numbered 1/200 .. 200/200', () => {
    const units = unitNumbers(SET, 'top_secret', 200);
    expect(units).toHaveLength(200);
    expect(new Set(units.map((u) => u.number)).size).toBe(200);
    expect(units.map((u) => u.copyNo)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(units[199]!.number).toBe(`${SET}-200/200`);
  });
});

describe('levels: only classified levels in use are registered', () => {
  it.each<[Level, readonly Level[], ReturnType<typeof levelProblem>]>([
    ['top_secret', STATE_ONLY, null],
    ['secret', STATE_ONLY, null],
    ['confidential', STATE_ONLY, null],
    ['core_commercial', STATE_ONLY, 'level_not_in_use'],
    ['ordinary_commercial', STATE_ONLY, 'level_not_in_use'],
    ['core_commercial', BOTH_SCHEMES, null],
    ['ordinary_commercial', BOTH_SCHEMES, null],
    ['internal', STATE_ONLY, 'not_classified'],
    ['public', BOTH_SCHEMES, 'not_classified'],
    ['internal', [], 'not_classified'],
    ['secret', [], 'level_not_in_use'],
  ])('levelProblem(%s, %j) = %s', (level, inUse, problem) => {
    expect(levelProblem(level, inUse)).toBe(problem);
  });
});

describe('[CAR-09] storage locations: active, and allowed to hold the level', () => {
  const loc = (over: Partial<LocationFacts> = {}): LocationFacts => ({
    kind: 'safe',
    active: true,
    maxLevel: null,
    ...over,
  });
  it.each<[string, Level, LocationFacts | undefined, ReturnType<typeof locationProblem>]>([
    ['no such location', 'confidential', undefined, 'location_unknown'],
    ['a safe without cap, top secret', 'top_secret', loc(), null],
    ['a retired safe', 'confidential', loc({ active: false }), 'location_inactive'],
    [
      'a retired and capped cabinet: inactive first',
      'top_secret',
      loc({ active: false, maxLevel: 'confidential' }),
      'location_inactive',
    ],
    ['capped at confidential, confidential', 'confidential', loc({ maxLevel: 'confidential' }), null],
    [
      'capped at confidential, ordinary commercial (same rank)',
      'ordinary_commercial',
      loc({ maxLevel: 'confidential' }),
      null,
    ],
    ['capped at confidential, secret', 'secret', loc({ maxLevel: 'confidential' }), 'location_level_cap'],
    [
      'capped at confidential, core commercial (rank of secret)',
      'core_commercial',
      loc({ maxLevel: 'confidential' }),
      'location_level_cap',
    ],
    ['capped at confidential, top secret', 'top_secret', loc({ maxLevel: 'confidential' }), 'location_level_cap'],
    ['capped at secret, secret', 'secret', loc({ maxLevel: 'secret' }), null],
    ['capped at secret, top secret', 'top_secret', loc({ maxLevel: 'secret' }), 'location_level_cap'],
    ['capped at core commercial, secret (same rank)', 'secret', loc({ maxLevel: 'core_commercial' }), null],
    ['capped at top secret, top secret', 'top_secret', loc({ maxLevel: 'top_secret' }), null],
  ])('%s: %s', (_label, level, location, problem) => {
    expect(locationProblem(level, location)).toBe(problem);
  });

  it.each<LocationKind>([...LOCATION_KINDS])('every registered kind of container may hold a carrier: %s', (kind) => {
    expect(locationProblem('top_secret', loc({ kind }))).toBe(null);
  });
});

describe('[CAR-21] channels: classified content never goes by an unsecured channel', () => {
  // Spelled out here, not taken from SECURE_CHANNELS.
  const SECURE: Channel[] = [
    'by_hand',
    'confidential_courier',
    'confidential_mail',
    'encrypted_fax',
    'classified_network',
  ];
  const UNSECURED: Channel[] = ['ordinary_mail', 'email', 'fax', 'phone', 'plain_telegram'];
  it('the two lists cover every channel', () => {
    expect([...SECURE, ...UNSECURED].sort()).toEqual([...CHANNELS].sort());
  });
  const CLASSIFIED: Level[] = ['top_secret', 'secret', 'confidential', 'core_commercial', 'ordinary_commercial'];
  const cases: [Level, Channel, 'unsecured_channel' | null][] = [];
  for (const level of CLASSIFIED) {
    for (const c of SECURE) cases.push([level, c, null]);
    for (const c of UNSECURED) cases.push([level, c, 'unsecured_channel']);
  }
  for (const level of ['internal', 'public'] as Level[]) for (const c of CHANNELS) cases.push([level, c, null]);
  it.each(cases)('channelProblem(%s, %s) = %s', (level, channel, problem) => {
    expect(channelProblem(level, channel)).toBe(problem);
  });
});

describe('calendar days', () => {
  it.each<[string, number, string]>([
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-02', 14, '2026-03-16'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'], // leap year
    ['2026-12-29', 3, '2027-01-01'],
    ['2026-03-29', 1, '2026-03-30'], // a DST change in Europe: calendar days, not 24-hour steps in local time
    ['2026-03-02', -2, '2026-02-28'],
  ])('addDays(%s, %i) = %s', (date, days, result) => {
    expect(addDays(date, days)).toBe(result);
  });

  it.each<[string, string, number]>([
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-02', '2026-03-09', 7],
    ['2026-03-09', '2026-03-02', -7],
    ['2026-02-25', '2026-03-01', 4],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-12-31', '2027-01-01', 1],
  ])('daysBetween(%s, %s) = %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('[CAR-13] loans: the period by level', () => {
  const CUSTOM: LoanDays = { confidential: 10, secret: 5, top_secret: 1 };
  it('the defaults are 14 / 7 / 3 days for 秘密 / 机密 / 绝密', () => {
    expect(DEFAULT_LOAN_DAYS).toEqual({ confidential: 14, secret: 7, top_secret: 3 });
  });
  it.each<[Level, number, number]>([
    ['confidential', 14, 10],
    ['ordinary_commercial', 14, 10], // ranks with 秘密
    ['secret', 7, 5],
    ['core_commercial', 7, 5], // ranks with 机密
    ['top_secret', 3, 1],
  ])('loanDaysFor(%s) = %i by default, %i with the custom setting', (level, byDefault, custom) => {
    expect(loanDaysFor(level, DEFAULT_LOAN_DAYS)).toBe(byDefault);
    expect(loanDaysFor(level, CUSTOM)).toBe(custom);
  });

  const TODAY = '2026-03-02';
  it.each<[string, string, string | null, Level, LoanDays, string, ReturnType<typeof loanDueProblem>['problem']]>([
    ['no date asked: the policy’s, confidential', TODAY, null, 'confidential', DEFAULT_LOAN_DAYS, '2026-03-16', null],
    ['no date asked: secret', TODAY, null, 'secret', DEFAULT_LOAN_DAYS, '2026-03-09', null],
    ['no date asked: top secret', TODAY, null, 'top_secret', DEFAULT_LOAN_DAYS, '2026-03-05', null],
    ['no date asked, custom setting', TODAY, null, 'top_secret', CUSTOM, '2026-03-03', null],
    ['no date asked, across the month end', '2026-02-25', null, 'top_secret', DEFAULT_LOAN_DAYS, '2026-02-28', null],
    ['no date asked, across the year end', '2026-12-30', null, 'secret', DEFAULT_LOAN_DAYS, '2027-01-06', null],
    ['back the same day', TODAY, TODAY, 'secret', DEFAULT_LOAN_DAYS, TODAY, null],
    ['shorter than the policy', TODAY, '2026-03-04', 'secret', DEFAULT_LOAN_DAYS, '2026-03-04', null],
    ['exactly the policy’s last day', TODAY, '2026-03-09', 'secret', DEFAULT_LOAN_DAYS, '2026-03-09', null],
    ['a day beyond the policy', TODAY, '2026-03-10', 'secret', DEFAULT_LOAN_DAYS, '2026-03-10', 'due_beyond_policy'],
    [
      'top secret, a day beyond',
      TODAY,
      '2026-03-06',
      'top_secret',
      DEFAULT_LOAN_DAYS,
      '2026-03-06',
      'due_beyond_policy',
    ],
    ['confidential, 14 days', TODAY, '2026-03-16', 'confidential', DEFAULT_LOAN_DAYS, '2026-03-16', null],
    ['yesterday', TODAY, '2026-03-01', 'secret', DEFAULT_LOAN_DAYS, '2026-03-01', 'due_in_past'],
  ])('loanDueProblem: %s', (_label, today, asked, level, days, dueOn, problem) => {
    expect(loanDueProblem(today, asked, level, days)).toEqual({ dueOn, problem });
  });

  // An extension: later than the current due date, by at most one more period from it, never to a day past.
  it.each<[string, string, string, Level, ReturnType<typeof extensionProblem>]>([
    ['the same date', '2026-03-09', '2026-03-09', 'secret', 'extension_not_later'],
    ['an earlier date', '2026-03-09', '2026-03-05', 'secret', 'extension_not_later'],
    ['a day more', '2026-03-09', '2026-03-10', 'secret', null],
    ['one full period more', '2026-03-09', '2026-03-16', 'secret', null],
    ['a day beyond one period', '2026-03-09', '2026-03-17', 'secret', 'extension_too_long'],
    ['top secret: three days more', '2026-03-09', '2026-03-12', 'top_secret', null],
    ['top secret: four days more', '2026-03-09', '2026-03-13', 'top_secret', 'extension_too_long'],
    ['confidential: fourteen days more', '2026-03-09', '2026-03-23', 'confidential', null],
    ['across the month end', '2026-02-27', '2026-03-06', 'secret', null],
  ])('extensionProblem: %s', (_label, dueOn, asked, level, problem) => {
    expect(extensionProblem('2026-03-01', dueOn, asked, level, DEFAULT_LOAN_DAYS)).toBe(problem);
  });

  it.each<[string, string, string, string, ReturnType<typeof extensionProblem>]>([
    ['an overdue loan moved to a day already past', '2026-03-10', '2026-03-01', '2026-03-05', 'due_in_past'],
    ['an overdue loan moved to today', '2026-03-10', '2026-03-01', '2026-03-10', 'extension_too_long'],
    ['an overdue loan moved within one period of its due date', '2026-03-06', '2026-03-01', '2026-03-08', null],
    ['asked today for today on a loan due yesterday', '2026-03-10', '2026-03-09', '2026-03-10', null],
  ])('extensionProblem, today %s', (_label, today, dueOn, asked, problem) => {
    expect(extensionProblem(today, dueOn, asked, 'secret', DEFAULT_LOAN_DAYS)).toBe(problem);
  });
});

describe('[CAR-12] [CAR-13] overdue and reminders (calendar dates in the organisation’s time zone)', () => {
  const DUE = '2026-03-09';
  it.each<[string, boolean]>([
    ['2026-03-01', false],
    ['2026-03-08', false],
    [DUE, false], // due today is not yet overdue
    ['2026-03-10', true],
    ['2026-04-01', true],
  ])('isOverdue(due %s) on %s', (today, overdue) => {
    expect(isOverdue(DUE, today)).toBe(overdue);
  });
  it('overdue across the year end', () => {
    expect(isOverdue('2026-12-31', '2027-01-01')).toBe(true);
    expect(isOverdue('2026-12-31', '2026-12-31')).toBe(false);
  });

  it.each<[string, number, ReturnType<typeof reminderDue>]>([
    ['2026-03-01', 3, null],
    ['2026-03-05', 3, null], // four days ahead
    ['2026-03-06', 3, 'due_soon'], // three days ahead
    ['2026-03-08', 3, 'due_soon'],
    [DUE, 3, 'due_soon'], // the due day itself
    ['2026-03-10', 3, 'overdue'],
    ['2026-05-10', 3, 'overdue'],
    ['2026-03-08', 0, null],
    [DUE, 0, 'due_soon'],
    ['2026-03-10', 0, 'overdue'],
    ['2026-03-02', 7, 'due_soon'],
    ['2026-03-01', 7, null],
  ])('reminderDue(due %s) on %s, %i days before', (today, before, reminder) => {
    expect(reminderDue(DUE, today, before)).toBe(reminder);
  });
});

describe('[CAR-13] the check on return (复核页数、数量)', () => {
  type Count = { pages: number | null; quantity: number };
  const REG: Count = { pages: 12, quantity: 1 };
  it.each<[string, Count, Count, string | null, ReturnType<typeof returnProblem>, boolean]>([
    ['as registered', REG, { pages: 12, quantity: 1 }, null, null, false],
    ['a page missing', REG, { pages: 11, quantity: 1 }, null, 'pages_mismatch', true],
    ['a page more', REG, { pages: 13, quantity: 1 }, null, 'pages_mismatch', true],
    ['pages not counted', REG, { pages: null, quantity: 1 }, null, 'pages_mismatch', true],
    ['a unit missing', { pages: null, quantity: 3 }, { pages: null, quantity: 2 }, null, 'quantity_mismatch', true],
    ['quantity missing, pages fine', REG, { pages: 12, quantity: 0 }, null, 'quantity_mismatch', true],
    ['both differ: pages reported first', REG, { pages: 10, quantity: 2 }, null, 'pages_mismatch', true],
    [
      'no pages registered (a device): only the quantity',
      { pages: null, quantity: 1 },
      { pages: 5, quantity: 1 },
      null,
      null,
      false,
    ],
    ['a shortfall recorded with a note', REG, { pages: 11, quantity: 1 }, '第7页缺失，已报保密办', null, true],
    ['a note on an intact return', REG, { pages: 12, quantity: 1 }, '封面有折痕', null, false],
    ['a blank note does not excuse', REG, { pages: 11, quantity: 1 }, '   ', 'pages_mismatch', true],
    ['an empty note does not excuse', REG, { pages: 12, quantity: 2 }, '', 'quantity_mismatch', true],
  ])('%s', (_label, registered, counted, note, problem, differs) => {
    expect(returnProblem(registered, counted, note)).toBe(problem);
    expect(returnDiffers(registered, counted)).toBe(differs);
  });
});

describe('[CAR-12] carry-out: the planned return date', () => {
  const TODAY = '2026-03-02';
  it.each<[string, number, ReturnType<typeof carryOutReturnProblem>]>([
    [TODAY, 30, null], // back the same day
    ['2026-03-03', 30, null],
    ['2026-04-01', 30, null], // the longest trip
    ['2026-04-02', 30, 'return_too_far'],
    ['2026-03-01', 30, 'return_in_past'],
    ['2025-12-31', 30, 'return_in_past'],
    [TODAY, 0, null],
    ['2026-03-03', 0, 'return_too_far'],
  ])('carryOutReturnProblem(today %s, return %s, max %i days)', (returnOn, maxDays, problem) => {
    expect(carryOutReturnProblem(TODAY, returnOn, maxDays)).toBe(problem);
  });
});

describe('[CAR-11] carry-out destination: never a home or a public place (不准带回家或其他公共场所)', () => {
  it.each<string>([
    '家中',
    '带回家',
    '回家',
    '我家里',
    '个人住所',
    '住处',
    '职工宿舍',
    '北京市海淀区某小区家中',
    'home',
    'Home',
    'my HOME in Chaoyang',
    'home.',
    'staff dormitory',
    'private residence',
    'Residence, 12 Park Road',
    '老家',
    '员工公寓',
    '私人寓所',
    '出租屋',
    '公共场所',
    '出差入住的宾馆客房',
    '酒店大堂',
    '餐厅包间',
    '咖啡馆',
    '网吧',
    'hotel room',
    'my house',
    'Ｈｏｍｅ', // full width
  ])('%j is refused', (destination) => {
    expect(destinationProblem(destination)).toBe('private_destination');
  });

  it.each<string>([
    '北京市国家保密局',
    '国家保密局',
    '合作单位会议室',
    '上海分公司保密室',
    '总部机要室',
    '某研究所涉密会议室（三楼）',
    'Beijing branch office, secure meeting room',
    'Ministry of Industry, Beijing',
    'Homeland liaison office', // a word that merely starts with "home"
    'Partner company conference room',
    '国家中医药管理局',
    '科学家中心会议室',
    'UK Home Office liaison',
  ])('%j is a legitimate destination', (destination) => {
    expect(destinationProblem(destination)).toBe(null);
  });
});
