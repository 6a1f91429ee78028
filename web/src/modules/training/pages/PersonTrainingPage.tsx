import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { fmtDate } from '../../../app/format.js';
import { errorText } from '../../../app/feedback.js';
import { personRecordKey, recordApi } from '../api/records.js';
import { AssignmentModal } from '../components/AssignmentModal.js';
import { ExternalModal } from '../components/ExternalModal.js';
import { PersonCompletionModal } from './PersonCompletionModal.js';
import { PersonRecord } from './PersonRecord.js';

/**
 * A person's training (`/training/people/:id`), for the office and the heads or officers above them (the report links
 * here): the record, and for the office recording a completion, assigning training, adding an external certificate.
 */
export function PersonTrainingPage() {
  const { t } = useTranslation('training');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const can = useAbility();
  const me = useCurrentUser();
  const record = useQuery({ queryKey: personRecordKey(id), queryFn: () => recordApi.person(id), retry: false });
  const [dialog, setDialog] = useState<'completion' | 'assign' | 'external' | null>(null);
  const self = me.user.id === id;

  if (record.isLoading) return <Spin />;
  if (record.error || !record.data) return <Result status="404" title={errorText(record.error)} />;
  const r = record.data;
  const { abilities } = r;
  // The office reads why its actions are missing here when it can say so without revealing anything: the person is
  // on the page already, and the reason is the reader's own record or the person's status.
  const why =
    abilities.recordCompletion || !can('training.record_completion')
      ? null
      : self
        ? t('record.person.ownRecord')
        : r.person.status !== 'active'
          ? t('record.person.inactive')
          : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
          {t('record.person.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="person-training-title">
          {t('record.person.title', { name: r.person.displayName })}
        </Typography.Title>
      </Space>
      <Card
        size="small"
        extra={
          (abilities.recordCompletion || abilities.assign) && (
            <Space>
              {abilities.recordCompletion && (
                <Button onClick={() => setDialog('completion')} data-testid="person-record-completion">
                  {t('record.person.recordCompletion')}
                </Button>
              )}
              {abilities.assign && (
                <Button onClick={() => setDialog('assign')} data-testid="person-assign">
                  {t('record.person.assign')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {why && (
          <Alert type="info" showIcon title={why} style={{ marginBottom: 12 }} data-testid="person-actions-why" />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item
            label={t('record.tasks.person')}
          >{`${r.person.displayName} (${r.person.username})`}</Descriptions.Item>
          <Descriptions.Item label={t('record.tasks.department')}>{r.person.departmentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('record.person.hiredOn')}>{fmtDate(r.person.hiredOn)}</Descriptions.Item>
          <Descriptions.Item label={t('record.person.startOn')}>{fmtDate(r.person.startOn)}</Descriptions.Item>
          <Descriptions.Item label={t('record.person.computerUser')}>
            {r.person.computerUser ? t('record.person.yes') : t('record.person.no')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <PersonRecord
        own={self}
        record={r}
        canCancelTasks={abilities.cancelTasks}
        externalExtra={
          abilities.recordExternal && (
            <Button size="small" onClick={() => setDialog('external')} data-testid="external-add">
              {t('record.person.addExternal')}
            </Button>
          )
        }
      />
      <PersonCompletionModal userId={id} open={dialog === 'completion'} onClose={() => setDialog(null)} />
      <ExternalModal userId={id} open={dialog === 'external'} onClose={() => setDialog(null)} />
      <AssignmentModal
        open={dialog === 'assign'}
        onClose={() => setDialog(null)}
        people={[{ id, label: `${r.person.displayName} (${r.person.username})` }]}
      />
    </Space>
  );
}
