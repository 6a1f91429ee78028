import { Card, Descriptions, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDateTime } from '../format.js';
import { factOf, SEVERITY_COLOUR, type OverviewCard } from './api.js';

const RESULT_COLOUR = { success: 'green', failure: 'red', none: 'orange' } as const;

/** The audit chain: the last verification (when, its result, by whom) and the events recorded since, linked to them. */
export function ChainOverview({ card }: { card: OverviewCard }) {
  const { t } = useTranslation('workbench');
  const at = factOf(card, 'last_verified_at') as string | null;
  const result = (factOf(card, 'last_result') as 'success' | 'failure' | null) ?? 'none';
  const checked = factOf(card, 'events_checked');
  const since = card.figures[0];
  return (
    <Card
      size="small"
      title={<Link to={card.web}>{t('chain.title')}</Link>}
      data-testid="overview-chain"
      data-severity={card.severity}
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('chain.lastVerified')}>
          {at ? fmtDateTime(at) : t('chain.never')}{' '}
          <Tag color={RESULT_COLOUR[result]} data-testid="chain-result">
            {t(`chain.result.${result}`)}
          </Tag>
        </Descriptions.Item>
        {at && <Descriptions.Item label={t('chain.by')}>{factOf(card, 'last_by') ?? '—'}</Descriptions.Item>}
        {checked !== null && <Descriptions.Item label={t('chain.checked')}>{checked}</Descriptions.Item>}
      </Descriptions>
      {since && (
        <Link to={since.link.web} data-testid="chain-since">
          <Statistic
            title={t('chain.since')}
            value={since.count}
            valueStyle={{ color: SEVERITY_COLOUR[card.severity] }}
          />
        </Link>
      )}
    </Card>
  );
}
