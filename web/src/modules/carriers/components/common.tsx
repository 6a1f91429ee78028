import { useMemo } from 'react';
import { Tag, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { Level, SecrecyPeriod } from '../../../app/contracts.js';
import type { CarrierStatus, HandlerDuty } from '../../../../../src/kernel/carriers.js';
import { RANK, rankOf } from '../../../../../src/kernel/levels.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';
import { buildTree } from '../../../shared/deptTree.js';
import type { StorageLocation } from '../contracts.js';

export const CARRIERS_KEY = ['carriers'] as const;
export const LOCATIONS_KEY = ['storage-locations'] as const;
export const HANDLERS_KEY = ['carrier-handlers'] as const;
export const SETTINGS_KEY = ['carrier-settings'] as const;
export const detailKey = (id: string) => [...CARRIERS_KEY, 'detail', id] as const;

const STATUS_COLOR: Readonly<Record<CarrierStatus, string>> = {
  draft: 'processing',
  in_store: 'green',
  on_loan: 'orange',
  circulating: 'cyan',
  carried_out: 'magenta',
  in_transit: 'blue',
  dispatched: 'purple',
  archived: 'default',
};

export function CarrierStatusTag({ status, testid }: { status: CarrierStatus; testid?: string }) {
  const { t } = useTranslation('carriers');
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={testid}>
      {t(`status.${status}`)}
    </Tag>
  );
}

/** The marking in the reader's language (密级★期限) when the reader may know it, else the level alone. */
export function CarrierMarkingTag({
  carrier,
  testid,
}: {
  carrier: { level: Level; marking: { zh: string; en: string } | null };
  testid?: string;
}) {
  const { t, i18n } = useTranslation('carriers');
  const text = carrier.marking
    ? i18n.language === 'en-US'
      ? carrier.marking.en
      : carrier.marking.zh
    : t(`level.${carrier.level}`);
  return (
    <Tag color={LEVEL_COLOR[carrier.level]} style={{ fontWeight: 600 }} data-testid={testid}>
      {text}
    </Tag>
  );
}

export function OverdueTag({ testid }: { testid?: string }) {
  const { t } = useTranslation('carriers');
  return (
    <Tag color="red" data-testid={testid}>
      {t('list.overdue')}
    </Tag>
  );
}

export function periodText(t: TFunction, p: SecrecyPeriod | null | undefined): string {
  return p ? t('periodText', { n: p.value, unit: t(`periodUnit.${p.unit}`) }) : '—';
}

/** 绝密 and 机密 copies are numbered, each registered as its own unit (the server's rule, shown as a hint). */
export const copiesNumbered = (level: Level | undefined) => !!level && rankOf(level) >= RANK.secret;

/** Whether a location may take a carrier of this level: active, and its cap (if any) admits the level. */
export const locationFits = (l: StorageLocation, level: Level | undefined) =>
  l.active && (!level || l.maxLevel === null || rankOf(level) <= rankOf(l.maxLevel));

export const locationLabel = (l: Pick<StorageLocation, 'name' | 'code'>) => `${l.name} (${l.code})`;

export function useLocations(enabled = true) {
  return useQuery({ queryKey: LOCATIONS_KEY, queryFn: api.locations.list, staleTime: 30_000, enabled });
}

/** What the signed-in person is a designated handler for, by department. */
export function useMyDuties() {
  return useQuery({ queryKey: [...HANDLERS_KEY, 'mine'], queryFn: api.handlers.mine, staleTime: 30_000 });
}

/** The departments where I hold one of these duties. */
export function useDutyDepartments(duty: HandlerDuty | undefined) {
  const mine = useMyDuties();
  return (mine.data?.duties ?? []).filter((d) => d.duty === duty);
}

export function useCarrierSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: api.settings.get, staleTime: 60_000 });
}

export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: api.directory.departments, staleTime: 60_000 });
}

/** Chooses a department from the organisation's tree. */
export function DepartmentSelect({
  value,
  onChange,
  testid,
  placeholder,
  style,
  allowClear,
}: {
  value?: string | null;
  onChange?: (id: string | undefined) => void;
  testid?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}) {
  const depts = useDepartments();
  const tree = useMemo(() => buildTree(depts.data?.items ?? []), [depts.data]);
  return (
    <TreeSelect<string>
      treeData={tree}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      placeholder={placeholder}
      style={style}
      loading={depts.isLoading}
      data-testid={testid}
    />
  );
}

const LEVEL_CODES: Readonly<Record<Level, string>> = {
  top_secret: 'TS',
  secret: 'S',
  confidential: 'C',
  core_commercial: 'CC',
  ordinary_commercial: 'OC',
  internal: 'I',
  public: 'P',
};

/**
 * A register number as the scheme would write it (the settings page's live example; the server numbers).
 * Placeholders: {year}, {level}, {kind}, {seq} or {seq:N}.
 */
export function exampleNumber(scheme: string, parts: { year: number; level: Level; kind: string; seq: number }) {
  return scheme.replace(/\{(year|level|kind|seq)(?::(\d))?\}/g, (_, name: string, width?: string) => {
    if (name === 'year') return String(parts.year);
    if (name === 'level') return LEVEL_CODES[parts.level];
    if (name === 'kind') return parts.kind;
    return String(parts.seq).padStart(width ? Number(width) : 1, '0');
  });
}
