import { useEffect, useState, type ReactNode } from 'react';
import { Watermark } from 'antd';
import dayjs from 'dayjs';

const MINUTE = 60_000;

/** The time in the watermark, to the minute, kept current while the page stays open. */
function useMinute(): string {
  const [now, setNow] = useState(() => dayjs().format('YYYY-MM-DD HH:mm'));
  useEffect(() => {
    const timer = window.setInterval(() => setNow(dayjs().format('YYYY-MM-DD HH:mm')), MINUTE);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * 页面水印: the viewer's name and account and the time, faint and tiled over the page's content, so a photo of a
 * screen showing classified titles or content says who took it and when. Over every signed-in page: any page may
 * show a classified title (the notices, the workbench's lists), and a setting (the account policy's
 * `screenWatermark`) turns it off for the whole organisation. antd's Watermark puts it back if it is removed
 * from the page. It is an image: screen readers skip it and it takes no clicks.
 */
export function PageWatermark({
  enabled,
  name,
  account,
  children,
}: {
  enabled: boolean;
  name: string;
  account: string;
  children: ReactNode;
}) {
  const now = useMinute();
  if (!enabled) return <>{children}</>;
  return (
    <div data-testid="page-watermark" data-watermark={`${name} ${account} ${now}`}>
      <Watermark
        content={[`${name} ${account}`, now]}
        font={{ color: 'rgba(0, 0, 0, 0.09)', fontSize: 14 }}
        gap={[120, 120]}
      >
        {children}
      </Watermark>
    </div>
  );
}
