import { Card, Descriptions, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestItemFacts } from '../../../app/contracts.js';
import { fmtDate } from '../../../app/format.js';
import { ItemStatusTag, MarkingTag, periodText } from './common.js';
import { ScopeTag } from './ScopeEditor.js';

/**
 * The item as a request's approvers decide on it: its level and term, basis, classifier, custodian and
 * need-to-know scope (never its content). Approvers outside the item's scope cannot open the item itself.
 */
export function ItemFactsCard({ facts }: { facts: RequestItemFacts }) {
  const { t } = useTranslation('classification');
  return (
    <Card size="small" title={t('approval.itemFacts')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="approval-item-facts">
        <Descriptions.Item label={t('item.marking')}>
          <MarkingTag item={facts} testid="approval-item-marking" />
        </Descriptions.Item>
        <Descriptions.Item label={t('item.status')}>
          <ItemStatusTag status={facts.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('item.category')}>{t(`category.${facts.category}`)}</Descriptions.Item>
        <Descriptions.Item label={facts.declassifyCondition ? t('item.condition') : t('item.period')}>
          {facts.declassifyCondition ?? periodText(t, facts.period)}
        </Descriptions.Item>
        {facts.secrecyUntil && (
          <Descriptions.Item label={t('item.secrecyUntil')}>{fmtDate(facts.secrecyUntil)}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('item.classifier')}>
          {facts.classifierName ? `${facts.classifierName} · ${t(`classifierKind.${facts.classifierKind}`)}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('item.origin')}>{t(`origin.${facts.origin}`)}</Descriptions.Item>
        <Descriptions.Item label={t('item.custodian')}>{facts.custodianName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('item.department')}>{facts.departmentName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('item.basis')} span={2}>
          {facts.basis}
        </Descriptions.Item>
        <Descriptions.Item label={t('item.scope')} span={2}>
          <Space size={[4, 4]} wrap data-testid="approval-item-scope">
            {facts.scope.length ? facts.scope.map((s) => <ScopeTag key={`${s.kind}:${s.ref}`} item={s} />) : '—'}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
