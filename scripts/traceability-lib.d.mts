// Types of scripts/traceability-lib.mjs for the TypeScript tests that import it.
export interface Requirement {
  id: string;
  module: string;
  kind: string;
  text: string;
}
export interface RequirementModule {
  code: string;
  title: string;
}
export interface ParsedRequirements {
  modules: RequirementModule[];
  requirements: Requirement[];
}
export interface TaggedTitle {
  file: string;
  line: number;
  title: string;
  ids: string[];
}
export interface Coverage {
  enforceable: number;
  enforceableCovered: number;
  total: number;
  covered: number;
}
export function tableCells(line: string): string[];
export function kindsOf(kind: string): string[];
export function isEnforceable(requirement: Pick<Requirement, 'kind'>): boolean;
export function parseRequirements(markdown: string): ParsedRequirements;
export function idsInTitle(title: string): string[];
export function taggedTitles(file: string, sourceText: string): TaggedTitle[];
export function unknownIds(titles: TaggedTitle[], requirements: Requirement[]): (TaggedTitle & { id: string })[];
export function testsById(titles: TaggedTitle[]): Map<string, TaggedTitle[]>;
export function coverage(requirements: Requirement[], titles: TaggedTitle[]): Coverage;
export function summaryLine(c: Coverage): string;
export function shortText(text: string, max?: number): string;
export function renderReport(
  parsed: ParsedRequirements,
  titles: TaggedTitle[],
  options?: { requirementsPath?: string },
): string;
