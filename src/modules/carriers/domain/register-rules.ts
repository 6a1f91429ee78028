import { SECURE_CHANNELS, type Channel, type LocationKind } from '../../../kernel/carriers.js';
import { isClassified, rankOf, RANK, type Level } from '../../../kernel/levels.js';

/**
 * The register's rules (pure): numbers, copies, locations, channels. Each returns a problem code (the API's
 * `details.problem`, text in the web's carriers namespace) or null.
 */

/** The default register number scheme: year, level, a five-digit sequence (2026-S-00042). */
export const DEFAULT_NUMBER_SCHEME = '{year}-{level}-{seq:5}';

/** Short codes of the levels for register numbers (ASCII, so numbers sort and scan alike everywhere). */
export const LEVEL_CODES: Readonly<Record<Level, string>> = {
  top_secret: 'TS',
  secret: 'S',
  confidential: 'C',
  core_commercial: 'CC',
  ordinary_commercial: 'OC',
  internal: 'I',
  public: 'P',
};

const PLACEHOLDER = /\{(year|level|kind|seq)(?::(\d))?\}/g;

/**
 * Whether a scheme can number a register: it must contain `{seq}` (with an optional width 1-9, `{seq:5}`), may
 * contain `{year}`, `{level}`, `{kind}`, and otherwise only letters, digits and `-_/.`. The sequence never
 * restarts, so numbers stay unique and are never reused whatever the other parts are.
 */
export function numberSchemeProblem(scheme: string): 'scheme_needs_seq' | 'scheme_invalid' | null {
  if (scheme.length === 0 || scheme.length > 60) return 'scheme_invalid';
  const rest = scheme.replace(PLACEHOLDER, '');
  if (!/^[A-Za-z0-9_\-/.]*$/.test(rest)) return 'scheme_invalid';
  if (!/\{seq(?::[1-9])?\}/.test(scheme)) return 'scheme_needs_seq';
  // Only the sequence has a width: a width elsewhere ({year:2}) would be silently ignored.
  if (/\{(?:year|level|kind):\d\}/.test(scheme)) return 'scheme_invalid';
  return null;
}

export function formatRegisterNumber(
  scheme: string,
  parts: { year: number; level: Level; kind: string; seq: number },
): string {
  return scheme.replace(PLACEHOLDER, (_, name: string, width?: string) => {
    switch (name) {
      case 'year':
        return String(parts.year);
      case 'level':
        return LEVEL_CODES[parts.level];
      case 'kind':
        return parts.kind;
      default:
        return String(parts.seq).padStart(width ? Number(width) : 1, '0');
    }
  });
}

/** 绝密 and 机密 (and 核心商密) copies are numbered, each its own tracked unit; below, one unit holds them all. */
export function copiesNumbered(level: Level): boolean {
  return rankOf(level) >= RANK.secret;
}

/** The register numbers of a new carrier's units: one per copy when numbered (`2026-S-00042-1/3`...). */
export function unitNumbers(
  setNumber: string,
  level: Level,
  copies: number,
): { number: string; copyNo: number | null }[] {
  if (!copiesNumbered(level) || copies === 1) return [{ number: setNumber, copyNo: copiesNumbered(level) ? 1 : null }];
  return Array.from({ length: copies }, (_, i) => ({ number: `${setNumber}-${i + 1}/${copies}`, copyNo: i + 1 }));
}

/** Only classified carriers are registered: an open document is not a 涉密载体. */
export function levelProblem(level: Level, inUse: readonly Level[]): 'not_classified' | 'level_not_in_use' | null {
  if (!isClassified(level)) return 'not_classified';
  return inUse.includes(level) ? null : 'level_not_in_use';
}

export interface LocationFacts {
  kind: LocationKind;
  active: boolean;
  maxLevel: Level | null;
}

/**
 * Every classified carrier lives in a registered container (CAR-09): active, and allowed to hold its level.
 * Locations are registered containers only, so a home or a public place can never be chosen (CAR-11).
 */
export function locationProblem(
  level: Level,
  location: LocationFacts | undefined,
): 'location_unknown' | 'location_inactive' | 'location_level_cap' | null {
  if (!location) return 'location_unknown';
  if (!location.active) return 'location_inactive';
  if (location.maxLevel !== null && rankOf(level) > rankOf(location.maxLevel)) return 'location_level_cap';
  return null;
}

/** Classified content never goes by an unsecured channel: plain phone, fax, telegram, ordinary mail, e-mail (CAR-21). */
export function channelProblem(level: Level, channel: Channel): 'unsecured_channel' | null {
  return isClassified(level) && !SECURE_CHANNELS.includes(channel) ? 'unsecured_channel' : null;
}
