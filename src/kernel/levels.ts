import type { ClearanceClass } from './roles.js';

/**
 * Levels (密级) of the two schemes. Every level has a rank; clearance and "no read-up" compare ranks, so a
 * commercial level reads like the state level of the same rank (核心商密 ~ 机密, 普通商密 ~ 秘密).
 * Ranks are fixed (the order is the law's); which schemes an organisation uses and the maximum periods are
 * configurable (ClassificationPolicy).
 */
export const LEVELS = [
  'top_secret',
  'secret',
  'confidential',
  'core_commercial',
  'ordinary_commercial',
  'internal',
  'public',
] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_SCHEMES = ['state', 'commercial'] as const;
export type LevelScheme = (typeof LEVEL_SCHEMES)[number];

export interface LevelDef {
  code: Level;
  /** null: shared by both schemes (internal, public). */
  scheme: LevelScheme | null;
  rank: number;
  /** Classified levels need clearance and need-to-know, a period or condition, and approvals. */
  classified: boolean;
  zh: string;
  en: string;
}

export const RANK = { public: 0, internal: 1, confidential: 2, secret: 3, top_secret: 4 } as const;
/** Items at or below this rank are open to every active person (not classified). */
export const OPEN_RANK = RANK.internal;

export const LEVEL_DEFS: Readonly<Record<Level, LevelDef>> = {
  top_secret: {
    code: 'top_secret',
    scheme: 'state',
    rank: RANK.top_secret,
    classified: true,
    zh: '绝密',
    en: 'Top secret',
  },
  secret: { code: 'secret', scheme: 'state', rank: RANK.secret, classified: true, zh: '机密', en: 'Secret' },
  confidential: {
    code: 'confidential',
    scheme: 'state',
    rank: RANK.confidential,
    classified: true,
    zh: '秘密',
    en: 'Confidential',
  },
  core_commercial: {
    code: 'core_commercial',
    scheme: 'commercial',
    rank: RANK.secret,
    classified: true,
    zh: '核心商密',
    en: 'Core commercial secret',
  },
  ordinary_commercial: {
    code: 'ordinary_commercial',
    scheme: 'commercial',
    rank: RANK.confidential,
    classified: true,
    zh: '普通商密',
    en: 'Ordinary commercial secret',
  },
  internal: { code: 'internal', scheme: null, rank: RANK.internal, classified: false, zh: '内部', en: 'Internal' },
  public: { code: 'public', scheme: null, rank: RANK.public, classified: false, zh: '公开', en: 'Public' },
};

export function rankOf(level: Level): number {
  return LEVEL_DEFS[level].rank;
}

export function isClassified(level: Level): boolean {
  return LEVEL_DEFS[level].classified;
}

export function isLevel(v: unknown): v is Level {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

/** Categories of the secret-item catalogue (保密事项一览表), from the seed texts. */
export const ITEM_CATEGORIES = [
  'major_decision',
  'strategy_plan',
  'contract_agreement',
  'finance_report',
  'personnel_pay',
  'unreleased_information',
  'technology_process',
  'research_result',
  'meeting_record',
  'other',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** The organisation's classification settings. Every number is configurable (DESIGN: defaults). */
export interface ClassificationPolicy {
  schemes: LevelScheme[];
  /** Maximum secrecy period in years per classified level. */
  maxYears: Record<'top_secret' | 'secret' | 'confidential' | 'core_commercial' | 'ordinary_commercial', number>;
  /** The highest level each cleared-person class may read. */
  clearance: Record<ClearanceClass, Level>;
  /** Months between annual reviews of an item in force. */
  reviewIntervalMonths: number;
  /** Longest access grant a request may ask for, in days. */
  maxGrantDays: number;
  /** Break-glass access: whether offered and for how long. */
  emergencyEnabled: boolean;
  emergencyHours: number;
  /** Pending requests expire after this many days. */
  requestTtlDays: number;
  /** Months between access review campaigns (0: no automatic campaign). */
  accessReviewIntervalMonths: number;
  /** The IANA time zone whose calendar dates items are marked, expire and are reviewed by. */
  timeZone: string;
}

export const DEFAULT_CLASSIFICATION_POLICY: ClassificationPolicy = {
  schemes: ['state'],
  maxYears: { top_secret: 30, secret: 20, confidential: 10, core_commercial: 20, ordinary_commercial: 10 },
  clearance: { core: 'top_secret', important: 'secret', general: 'confidential' },
  reviewIntervalMonths: 12,
  maxGrantDays: 90,
  emergencyEnabled: true,
  emergencyHours: 4,
  requestTtlDays: 30,
  accessReviewIntervalMonths: 6,
  timeZone: 'Asia/Shanghai',
};

/** Levels an organisation may assign, in the order of LEVELS (state scheme first, then commercial, then open). */
export function levelsInUse(policy: Pick<ClassificationPolicy, 'schemes'>): Level[] {
  return LEVELS.filter((l) => {
    const s = LEVEL_DEFS[l].scheme;
    return s === null || policy.schemes.includes(s);
  });
}

/** People without a cleared-person class read only open (internal and public) items. */
export function clearanceRankOf(
  clearanceClass: ClearanceClass | null,
  policy: Pick<ClassificationPolicy, 'clearance'>,
): number {
  return clearanceClass ? rankOf(policy.clearance[clearanceClass]) : OPEN_RANK;
}

export function maxYearsOf(level: Level, policy: Pick<ClassificationPolicy, 'maxYears'>): number | null {
  return level === 'internal' || level === 'public' ? null : policy.maxYears[level];
}
