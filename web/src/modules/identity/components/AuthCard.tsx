import type { ReactNode } from 'react';
import { Card, Layout, Space, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../../app/LangSwitch.js';

/** The frame of the sign-in pages: a centred card with the language switch. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation('identity');
  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: 420, maxWidth: '92vw' }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space>
            <LockOutlined style={{ fontSize: 22, color: '#1677ff' }} />
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
          </Space>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Space>
      </Card>
    </Layout>
  );
}
