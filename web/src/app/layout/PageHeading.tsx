import { useEffect } from 'react';
import { Breadcrumb } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PagePlace } from './nav.js';
import { subPageKind } from './nav.js';

/**
 * Where the person is: 工作台 › area › page (› 详情 or 新建 below a page), and the same in the browser tab's
 * title, most particular first, so a tab strip shows which page each tab is.
 */
export function PageHeading({ place }: { place: PagePlace }) {
  const { t, i18n } = useTranslation();
  const { page, rest } = place;
  const sub = subPageKind(rest);
  const home = page?.path === '/';
  const names: string[] = [];
  if (page) names.push(t(page.label));
  if (sub) names.unshift(t(`layout.${sub}`));
  const title = [...names, t('app.name')].join(' - ');
  const appName = t('app.name');
  useEffect(() => {
    document.title = title;
    // Leaving the signed-in pages (signing out) leaves no page's name in the tab.
    return () => {
      document.title = appName;
    };
  }, [title, appName, i18n.language]);

  const items: { title: React.ReactNode }[] = [{ title: home ? t('nav.home') : <Link to="/">{t('nav.home')}</Link> }];
  if (page && !home) {
    if (page.group !== 'workbench') items.push({ title: t(`nav.group.${page.group}`) });
    items.push({ title: sub ? <Link to={page.path}>{t(page.label)}</Link> : t(page.label) });
  }
  if (sub) items.push({ title: t(`layout.${sub}`) });
  return (
    <nav aria-label={t('layout.breadcrumb')} data-testid="breadcrumb" style={{ marginBottom: 12 }}>
      <Breadcrumb items={items} />
    </nav>
  );
}
