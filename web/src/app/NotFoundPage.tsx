import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function NotFoundPage({ forbidden = false }: { forbidden?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={forbidden ? '403' : '404'}
      title={forbidden ? '403' : '404'}
      subTitle={forbidden ? t('common.forbidden') : t('common.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.goHome')}
        </Button>
      }
    />
  );
}
