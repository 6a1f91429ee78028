import { Card, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../../app/format.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { api } from '../api.js';
import type { Leaver } from '../contracts.js';
import { StateTag } from './common.js';

/**
 * 离职人员 (the security office): everyone asked for the departure NDA, kept after they left (PER-06), and where
 * each stands with it.
 */
export function LeaversCard({ onOpen }: { onOpen: (userId: string) => void }) {
  const { t } = useTranslation('people');
  const leavers = useQuery({ queryKey: ['agreements', 'leavers'], queryFn: api.people.leavers });
  return (
    <Card size="small" title={t('report.leavers')}>
      <PagedTable<Leaver>
        listKey="agreement-leavers"
        size="small"
        rowKey="userId"
        loading={leavers.isLoading}
        rows={leavers.data?.items ?? []}
        data-testid="leaver-table"
        onRow={(r) => ({ 'data-testid': `leaver-row-${r.username}`, onClick: () => onOpen(r.userId) }) as object}
        columns={[
          { title: t('report.person'), key: 'name', render: (_, r) => `${r.displayName} (${r.username})` },
          { title: t('report.department'), key: 'dept', render: (_, r) => r.departmentName ?? '' },
          { title: t('report.askedOn'), key: 'on', render: (_, r) => fmtDate(r.requestedOn) },
          { title: t('report.askedBy'), key: 'by', render: (_, r) => r.requestedByName ?? '' },
          {
            title: t('kind.departure_nda'),
            key: 'nda',
            render: (_, r) => (r.departureNda ? <StateTag state={r.departureNda} /> : <Tag>{t('common.none')}</Tag>),
          },
          {
            title: t('report.accountStatus'),
            key: 'status',
            render: (_, r) => (r.status === 'active' ? '' : <Tag>{t(`report.userStatus.${r.status}`)}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
