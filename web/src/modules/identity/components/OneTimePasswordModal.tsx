import { Alert, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shows a one-time password once, with a copy button; it is not kept anywhere after closing. */
export function OneTimePasswordModal({
  value,
  username,
  onClose,
}: {
  value: string | null;
  username?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('identity');
  return (
    <Modal
      open={value !== null}
      title={t('user.otpTitle')}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('user.otpHint')} />
        {username && (
          <Typography.Text>
            {t('user.username')}: <Typography.Text strong>{username}</Typography.Text>
          </Typography.Text>
        )}
        <Typography.Text code copyable={{ text: value ?? '' }} style={{ fontSize: 18 }} data-testid="one-time-password">
          {value}
        </Typography.Text>
      </Space>
    </Modal>
  );
}
