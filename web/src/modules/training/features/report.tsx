import type { WebModule } from '../../../app/webModule.js';

/** The reports part of the training pages: its routes and menu entries (its texts: `i18n/report.ts`). */
export const reportPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [],
  nav: [],
};
