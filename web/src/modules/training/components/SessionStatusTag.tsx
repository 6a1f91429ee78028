import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../app/api/client.js';
import { errorText } from '../../../app/feedback.js';
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

/** The text of a problem code the server answered in a session (from whichever module's texts name it). */
export const problemText = (problem: string): string => errorText(new ApiError(409, 'conflict', problem, { problem }));
