import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { reloadOnceOnFailure } from './chunkReload.js';

/** Shown in the page's place, inside the layout (menu and header stay), while the page's code loads. */
function PageLoading() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-label={t('common.loading')} style={{ padding: 48, textAlign: 'center' }}>
      <Spin delay={150} />
    </div>
  );
}

/**
 * A component whose code is fetched the first time it is shown (its own chunk), behind a loading indicator: the
 * modules name their pages this way, so the sign-in page loads only what it needs (issue 18, "Serving").
 * A chunk that fails to load (gone after an upgrade) reloads the page once (`reloadOnceOnFailure`).
 * `load` resolves to the named export: `() => import('./pages/ItemsPage.js').then((m) => m.ItemsPage)`.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const loadOrReload = reloadOnceOnFailure(load, { storage: sessionStorage, reload: () => window.location.reload() });
  const Lazy = lazy(() => loadOrReload().then((component) => ({ default: component })));
  function LazyComponent(props: P) {
    return (
      <Suspense fallback={<PageLoading />}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return LazyComponent;
}

/** A route's element for a page loaded on first visit (`lazyComponent`). */
export function lazyPage(load: () => Promise<ComponentType>): ReactElement {
  const Page = lazyComponent(load);
  return <Page />;
}
