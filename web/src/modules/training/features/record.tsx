import type { WebModule } from '../../../app/webModule.js';

/** The records part of the training pages: its routes and menu entries (its texts: `i18n/record.ts`). */
export const recordPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [],
  nav: [],
};
