import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TrainingState } from '../../../../../src/kernel/training.js';
import { fmtDate } from '../../../app/format.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import type { CursorQuery } from '../../../shared/useCursorQuery.js';
import type { ReportRow } from '../api/reports.js';

export const STATE_COLOURS: Record<TrainingState, string> = {
  completed: 'green',
  expiring: 'gold',
  due: 'blue',
  overdue: 'red',
};

/** A training state as a coloured tag (`data-state` for tests). */
export function TrainingStateTag({ state }: { state: TrainingState }) {
  const { t } = useTranslation('training');
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="training-state" data-state={state}>
      {t(`state.${state}`)}
    </Tag>
  );
}

/**
 * The training report's people, paged by cursor ("more", of the total the filters keep): each person with every
 * course due to them, its state and date, and a link to their record.
 */
export function ReportPeopleTable({
  cursor,
  total,
  loading,
}: {
  cursor: CursorQuery<ReportRow>;
  total: number | undefined;
  loading: boolean;
}) {
  const { t } = useTranslation('training');
  return (
    <PagedTable<ReportRow>
      listKey="training-report"
      size="small"
      rowKey="userId"
      cursor={cursor}
      total={total}
      data-testid="training-report-table"
      data-loading={loading ? 'true' : 'false'}
      onRow={(r) => ({ 'data-testid': `training-report-row-${r.username}` }) as object}
      columns={[
        {
          title: t('report.person'),
          key: 'person',
          render: (_, r) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{r.displayName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.username}
                {r.post ? ` · ${r.post}` : ''}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('report.department'), key: 'dept', render: (_, r) => r.departmentName ?? '' },
        {
          title: t('report.dues'),
          key: 'dues',
          render: (_, r) => (
            <Space orientation="vertical" size={2}>
              {r.dues.map((d) => (
                <Space key={d.courseId} size={4} wrap>
                  <span>{d.title}</span>
                  <TrainingStateTag state={d.state} />
                  {d.assignmentId && <Tag color="purple">{t('report.followUp')}</Tag>}
                  {(d.state === 'due' || d.state === 'overdue') && d.dueOn && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('report.dueOn', { date: fmtDate(d.dueOn) })}
                    </Typography.Text>
                  )}
                  {(d.state === 'completed' || d.state === 'expiring') && d.expiresOn && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('report.validUntil', { date: fmtDate(d.expiresOn) })}
                    </Typography.Text>
                  )}
                </Space>
              ))}
            </Space>
          ),
        },
        {
          title: t('report.detail'),
          key: 'detail',
          align: 'right',
          render: (_, r) => (
            <Link to={`/training/people/${r.userId}`} data-testid="training-report-detail">
              {t('report.detail')}
            </Link>
          ),
        },
      ]}
    />
  );
}
