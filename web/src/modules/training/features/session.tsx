import type { WebModule } from '../../../app/webModule.js';

/** The sessions part of the training pages: its routes and menu entries (its texts: `i18n/session.ts`). */
export const sessionPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [],
  nav: [],
};
