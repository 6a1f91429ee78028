import { Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useCurrentUser } from '../../../app/auth.js';
import { type GrantAction, type ItemStatus, type Level, type SecrecyPeriod } from '../../../app/contracts.js';
import { RANK, rankOf } from '../../../../../src/kernel/levels.js';
import { fmtDate } from '../../../app/format.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';

const ITEM_STATUS_COLOR: Readonly<Record<ItemStatus, string>> = {
  proposed: 'processing',
  in_force: 'green',
  declassified: 'default',
  rejected: 'red',
  withdrawn: 'default',
};

export const SETTINGS_KEY = ['classification', 'settings'] as const;

/** Levels, categories, policy and chains; changes rarely, so cached for a minute. */
export function useClassificationSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: api.classification.settings, staleTime: 60_000 });
}

/** The highest rank the signed-in person may know (clearance class mapped by policy; open levels otherwise). */
export function useClearanceRank(): number {
  const me = useCurrentUser();
  const settings = useClassificationSettings();
  const cls = me.user.clearanceClass;
  if (!cls || !settings.data) return RANK.internal;
  return rankOf(settings.data.policy.clearance[cls]);
}

export function LevelTag({ level }: { level: Level }) {
  const { t } = useTranslation('classification');
  return <Tag color={LEVEL_COLOR[level]}>{t(`level.${level}`)}</Tag>;
}

/** The marking in the reader's language (密级★期限), coloured by level. */
export function MarkingTag({
  item,
  testid,
}: {
  item: { level: Level; status?: ItemStatus; marking: { zh: string; en: string } };
  testid?: string;
}) {
  const { i18n } = useTranslation('classification');
  // A declassified item keeps its old marking for the record, struck through and without the level's colour.
  const gone = item.status === 'declassified';
  return (
    <Tag
      color={gone ? 'default' : LEVEL_COLOR[item.level]}
      data-testid={testid}
      style={{ fontWeight: 600, textDecoration: gone ? 'line-through' : undefined }}
    >
      {i18n.language === 'en-US' ? item.marking.en : item.marking.zh}
    </Tag>
  );
}

export function ItemStatusTag({ status }: { status: ItemStatus }) {
  const { t } = useTranslation('classification');
  return <Tag color={ITEM_STATUS_COLOR[status]}>{t(`itemStatus.${status}`)}</Tag>;
}

export function periodText(t: TFunction, p: SecrecyPeriod | null | undefined): string {
  return p ? t('periodText', { n: p.value, unit: t(`periodUnit.${p.unit}`) }) : '—';
}

/** "until 2036-11-23", or the declassification condition, or a dash. */
export function termText(
  t: TFunction,
  item: { secrecyUntil: string | null; declassifyCondition: string | null; period: SecrecyPeriod | null },
): string {
  if (item.secrecyUntil) return fmtDate(item.secrecyUntil);
  if (item.declassifyCondition) return t('item.conditionShort', { c: item.declassifyCondition });
  return item.period ? periodText(t, item.period) : '—';
}

export function actionsText(t: TFunction, actions: readonly GrantAction[]): string {
  return actions.map((a) => t(`grantAction.${a}`)).join(t('common.listSep'));
}
