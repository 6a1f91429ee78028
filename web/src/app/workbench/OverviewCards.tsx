import type { ReactNode } from 'react';
import { Col, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workbenchApi, type OverviewCard } from './api.js';
import { ChainOverview } from './ChainOverview.js';
import { ItemsOverview } from './ItemsOverview.js';
import { BackupOverview, JobsOverview } from './OperationsOverview.js';
import { RefusalsOverview } from './RefusalsOverview.js';

/** How each overview card the server registers is drawn (an unknown key is not drawn: a newer server's card). */
const VIEWS: Record<string, { view: (card: OverviewCard) => ReactNode; wide?: boolean }> = {
  'classification.items_by_level': { view: (c) => <ItemsOverview card={c} />, wide: true },
  'audit.refusals': { view: (c) => <RefusalsOverview card={c} />, wide: true },
  'audit.chain': { view: (c) => <ChainOverview card={c} /> },
  'operations.jobs': { view: (c) => <JobsOverview card={c} />, wide: true },
  'operations.backup': { view: (c) => <BackupOverview card={c} /> },
};

/** The caller's overview cards (GET /api/workbench/overview), each figure linking to the list it counts. */
export function OverviewCards() {
  const { t } = useTranslation('workbench');
  const q = useQuery({ queryKey: ['workbench', 'overview'], queryFn: workbenchApi.overview, meta: { quiet: true } });
  const cards = (q.data?.overviews ?? []).filter((c) => VIEWS[c.key]);
  if (cards.length === 0) return null;
  return (
    <section data-testid="workbench-overview">
      <Typography.Title level={5}>{t('overview')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} lg={VIEWS[c.key]!.wide ? 14 : 10}>
            {VIEWS[c.key]!.view(c)}
          </Col>
        ))}
      </Row>
    </section>
  );
}
