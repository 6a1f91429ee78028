import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from './api/shell.js';
import { currentLocale, setLocale } from './i18n/index.js';

/** Toggles between 中文 and English; remembered in localStorage and, when signed in, on the profile. */
export function LangSwitch({ signedIn = false }: { signedIn?: boolean }) {
  const { t } = useTranslation();
  const toggle = () => {
    const next = currentLocale() === 'zh-CN' ? 'en-US' : 'zh-CN';
    setLocale(next);
    if (signedIn) void api.me.update({ locale: next }).catch(() => undefined);
  };
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={toggle}
      data-testid="lang-switch"
      aria-label={t('lang.switchTo')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
