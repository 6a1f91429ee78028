import { Card, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  DeclassifyReason,
  GrantAction,
  Level,
  RequestDetail,
  RequestItemFacts,
  SecrecyPeriod,
} from '../../../app/contracts.js';
import type { ClassificationRequestType } from '../../../../../src/kernel/secret-item.js';
import { actionsText, periodText } from './common.js';
import { ItemFactsCard } from './ItemFactsCard.js';
import { scopeChangeText, type ScopeItem } from './ScopeEditor.js';

/** What a request of one of classification's types asks, in words (null when the type carries nothing more). */
export function payloadText(t: TFunction, type: ClassificationRequestType, p: Record<string, unknown>): string | null {
  switch (type) {
    case 'classification.access_grant':
      return t('approval.accessPayload', { actions: actionsText(t, (p.actions ?? []) as GrantAction[]), days: p.days });
    case 'classification.reclassify': {
      const term = p.period
        ? t('approval.newPeriod', { period: periodText(t, p.period as SecrecyPeriod) })
        : p.declassifyCondition
          ? t('approval.payloadCondition', { c: p.declassifyCondition })
          : '';
      return [t('approval.newLevel', { level: t(`level.${p.level as Level}`) }), term]
        .filter(Boolean)
        .join(t('common.listSep'));
    }
    case 'classification.extend':
      return t('approval.newPeriod', { period: periodText(t, p.period as SecrecyPeriod) });
    case 'classification.declassify':
      return t(`declassifyReason.${p.declassifyReason as DeclassifyReason}`, {
        defaultValue: String(p.declassifyReason ?? ''),
      });
    case 'classification.rescope':
      return scopeChangeText(t, p as { added?: ScopeItem[]; removed?: ScopeItem[] });
    case 'classification.classify':
      return null;
  }
}

/**
 * The request page's view of a classification request: what it asks (a new level or period, the scope added
 * or removed, the declassification reason, the access asked for) and the item's particulars as its approvers
 * decide on them (`targetDetails`, absent for a viewer who may not see them).
 */
export function ItemRequestDetails({ request: r }: { request: RequestDetail }) {
  const { t } = useTranslation('classification');
  const payload = payloadText(t, r.type as ClassificationRequestType, r.payload);
  return (
    <>
      {payload && (
        <Card size="small" title={t('approval.payload')}>
          <Typography.Text data-testid="approval-payload">{payload}</Typography.Text>
        </Card>
      )}
      {r.targetDetails && <ItemFactsCard facts={r.targetDetails as RequestItemFacts} />}
    </>
  );
}
