import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../context.js';
import type { VocabularyText } from '../contracts/audit-actions.js';

/**
 * How the audit trail names what its events are about. The module that owns a kind of target (a person, a
 * secret item, a request) names it — its type in both languages and, where it has a page, a resolver — so the
 * trail never learns a module's rules: a resolver asks the owning module's policy (`can`) and answers only for
 * the targets the viewer may see; any other target shows as its type name and a short id, never a title.
 */
export interface AuditTargetView {
  /** The number and title, or a person's display name, as the viewer may see them. */
  label: string;
  /** The web page that shows it (a path of the web app). */
  link: string;
  /** The name in each language, for targets named by the system (a setting, a role); shown before `label`. */
  text?: VocabularyText;
}

export type AuditTargetResolver = (
  ctx: AppContext,
  viewer: Actor,
  ids: readonly string[],
) => Promise<Map<string, AuditTargetView>>;

/**
 * The ids of the targets whose number, title or name contains `text` (case-insensitive), at most `limit`: the
 * candidates of the trail's 「对象」 filter. They are only candidates — the trail keeps those the type's `resolve`
 * names for the viewer, so a search never reveals a title the viewer may not see.
 */
export type AuditTargetFinder = (ctx: AppContext, text: string, limit: number) => Promise<string[]>;

export interface AuditTargetDef {
  text: VocabularyText;
  resolve?: AuditTargetResolver;
  find?: AuditTargetFinder;
}

/**
 * What a module gives the audit trail (`BaomiModule.audit`): the group its actions show under in the trail's
 * action filter, its typed actions with their texts (the same lists that type `AuditAction`), and its targets.
 */
export interface ModuleAuditVocabulary {
  group: VocabularyText;
  actions: Readonly<Record<string, VocabularyText>>;
  targets?: Readonly<Record<string, AuditTargetDef>>;
}

/**
 * `column` contains `text`, ignoring case on both databases (SQLite's like ignores ASCII case, PostgreSQL's does
 * not, so both sides are lowered); the finders' one way to match, with like's wildcards escaped.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${like} escape '\\'`;
}
