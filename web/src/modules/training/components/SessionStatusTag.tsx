import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../api/sessions.js';

const COLOR = { scheduled: 'blue', held: 'green', cancelled: 'default' } as const;

/** A session's status, and the caller's place on its list. */
export function SessionStatusTag({ session }: { session: Pick<SessionSummary, 'status' | 'me'> }) {
  const { t } = useTranslation('training');
  return (
    <>
      <Tag color={COLOR[session.status]}>{t(`session.status.${session.status}`)}</Tag>
      {session.me?.attendedAt ? (
        <Tag color="green">{t('session.attendedTag')}</Tag>
      ) : session.me ? (
        <Tag color="processing">{t('session.enrolled')}</Tag>
      ) : null}
    </>
  );
}
