import { Card, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QR_KEY, sessionApi } from '../api/sessions.js';

/** The caller's training QR code (shown at the door of an offline session), with its text for typing it in. */
export function QrCard() {
  const { t } = useTranslation('training');
  const qr = useQuery({ queryKey: QR_KEY, queryFn: sessionApi.myQr, staleTime: Infinity });
  return (
    <Card title={t('session.qr.title')} loading={qr.isLoading} data-testid="training-qr">
      <Space orientation="vertical" align="center" style={{ width: '100%' }}>
        {qr.data && (
          <img src={qr.data.svgDataUrl} alt={t('session.qr.title')} width={240} data-testid="training-qr-image" />
        )}
        <Typography.Paragraph type="secondary" style={{ maxWidth: 420, textAlign: 'center' }}>
          {t('session.qr.hint')}
        </Typography.Paragraph>
        {qr.data && (
          <Typography.Text code copyable data-testid="training-qr-code" style={{ fontSize: 12 }}>
            {qr.data.code}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
