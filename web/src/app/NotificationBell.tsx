import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useState } from 'react';
import dayjs from 'dayjs';
import { api } from './api/shell.js';
import { notificationText } from './notificationText.js';

export const NOTIF_KEY = ['notifications'] as const;

/** Header bell: unread count polled every 30 s (as a background request), recent unread in a popover. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: [...NOTIF_KEY, 'unread-count'],
    queryFn: api.notifications.unreadCount,
    refetchInterval: 30_000,
    refetchIntervalInBackground: true,
    meta: { quiet: true },
  });
  const recent = useQuery({
    queryKey: [...NOTIF_KEY, 'recent'],
    queryFn: () => api.notifications.list({ page: 1, pageSize: 8, unread: true }),
    enabled: open,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: NOTIF_KEY });
  const markRead = useMutation({ mutationFn: api.notifications.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: api.notifications.markAllRead, onSuccess: refresh });

  const content = (
    <div style={{ width: 360 }}>
      {recent.data && recent.data.items.length > 0 ? (
        <List
          size="small"
          dataSource={recent.data.items}
          renderItem={(raw) => {
            const n = { ...raw, ...notificationText(raw, i18n.language) };
            return (
              <List.Item
                actions={[
                  <Button key="r" size="small" type="link" onClick={() => markRead.mutate(n.id)}>
                    {t('inbox.markRead')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={n.title}
                  description={
                    <Space direction="vertical" size={0}>
                      <Typography.Text type="secondary" ellipsis style={{ maxWidth: 240 }}>
                        {n.body}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                      </Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('header.noNotifications')} />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" onClick={() => markAll.mutate()} data-testid="notif-read-all">
          {t('header.markAllRead')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/inbox');
          }}
        >
          {t('header.viewAll')}
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover
      content={content}
      title={t('header.notifications')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Button type="text" aria-label={t('header.notifications')} data-testid="notif-bell">
        <Badge count={count.data?.unread ?? 0} size="small" data-testid="notif-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
