import { Button, Card, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../../app/format.js';
import { recordApi, type Completion, type Due, type TrainingRecord } from '../api/records.js';
import { AssignmentTable } from '../components/AssignmentTable.js';
import { ExternalTable } from '../components/ExternalTable.js';

const STATE_COLOR = { overdue: 'red', due: 'orange', expiring: 'gold', completed: 'green' } as const;

/**
 * A person's training record as cards: what is due (with where to take it), completions with their certificates,
 * external certificates, follow-up tasks. Used by my training and by a person's training page; `extra` adds the
 * external certificates card's button, `canCancelTasks` the office's cancel. `own`: the reader's own record, where
 * the due courses lead to studying and signing up; on someone else's they only open the course.
 */
export function PersonRecord({
  record,
  externalExtra,
  canCancelTasks = false,
  own = false,
}: {
  record: TrainingRecord;
  externalExtra?: React.ReactNode;
  canCancelTasks?: boolean;
  own?: boolean;
}) {
  const { t, i18n } = useTranslation('training');
  const dueColumns: TableProps<Due>['columns'] = [
    {
      title: t('record.dues.course'),
      key: 'title',
      render: (_: unknown, d) => (
        <Space size={4} wrap>
          {d.title}
          {d.assignmentId && <Tag color="purple">{t('record.dues.task')}</Tag>}
        </Space>
      ),
    },
    { title: t('record.dues.kind'), dataIndex: 'kind', render: (k: Due['kind']) => t(`courseKind.${k}`) },
    { title: t('record.dues.mode'), dataIndex: 'mode', render: (m: Due['mode']) => t(`mode.${m}`) },
    {
      title: t('record.dues.state'),
      dataIndex: 'state',
      render: (s: Due['state']) => (
        <Tag color={STATE_COLOR[s]} data-testid={`due-state-${s}`}>
          {t(`state.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('record.dues.dueOn'),
      key: 'dueOn',
      render: (_: unknown, d) =>
        d.state === 'completed' || d.state === 'expiring'
          ? d.expiresOn
            ? `${t('record.dues.expiresOn')} ${fmtDate(d.expiresOn)}`
            : t('record.dues.noExpiry')
          : fmtDate(d.dueOn),
    },
    { title: t('record.dues.lastCompletedOn'), dataIndex: 'lastCompletedOn', render: fmtDate },
    {
      title: '',
      key: 'go',
      render: (_: unknown, d) => {
        // Something to do: study it online, or sign up for a session; otherwise the course is there to look at.
        const toDo = own && (d.state === 'due' || d.state === 'overdue' || d.state === 'expiring');
        return (
          <Space size={8}>
            {(d.mode !== 'offline' || !toDo) && (
              <Link to={`/training/courses/${d.courseId}`} data-testid={`due-open-${d.courseId}`}>
                {toDo ? t('record.dues.open') : t('record.dues.view')}
              </Link>
            )}
            {toDo && d.mode !== 'online' && <Link to="/training/sessions">{t('record.dues.sessions')}</Link>}
          </Space>
        );
      },
    },
  ];
  const completionColumns: TableProps<Completion>['columns'] = [
    { title: t('record.completions.course'), dataIndex: 'title' },
    { title: t('record.completions.completedOn'), dataIndex: 'completedOn', render: fmtDate },
    {
      title: t('record.completions.source'),
      key: 'source',
      render: (_: unknown, c) => (
        <>
          {t(`record.source.${c.source}`)}
          {c.round > 1 ? ` · ${t('record.completions.round', { round: c.round })}` : ''}
        </>
      ),
    },
    { title: t('record.completions.certificateNo'), dataIndex: 'certificateNo' },
    {
      title: '',
      key: 'files',
      render: (_: unknown, c) => (
        <Space size={4}>
          <Button
            size="small"
            icon={<FilePdfOutlined />}
            href={recordApi.certificateUrl(c.id, i18n.language)}
            target="_blank"
            data-testid={`certificate-${c.id}`}
          >
            {t('record.completions.certificate')}
          </Button>
          {c.hasEvidence && (
            <Button size="small" icon={<PaperClipOutlined />} href={recordApi.evidenceUrl(c.id)} target="_blank">
              {t('record.completions.evidence')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('record.dues.title')}>
        <Table
          rowKey="courseId"
          size="small"
          columns={dueColumns}
          dataSource={record.dues}
          pagination={false}
          locale={{ emptyText: t('record.mine.nothingDue') }}
          data-testid="due-table"
        />
      </Card>
      {record.tasks.length > 0 && (
        <Card size="small" title={t('record.tasks.title')}>
          <AssignmentTable items={record.tasks} canCancel={canCancelTasks} />
        </Card>
      )}
      <Card size="small" title={t('record.completions.title')}>
        {record.completions.length === 0 ? (
          <Typography.Text type="secondary">{t('record.completions.empty')}</Typography.Text>
        ) : (
          <Table
            rowKey="id"
            size="small"
            columns={completionColumns}
            dataSource={record.completions}
            pagination={false}
            data-testid="completion-table"
          />
        )}
      </Card>
      <Card size="small" title={t('record.external.title')} extra={externalExtra}>
        <ExternalTable items={record.external} />
      </Card>
    </Space>
  );
}
