import type { WebModule } from '../../../app/webModule.js';

/** The courses part of the training pages: its routes and menu entries (its texts: `i18n/course.ts`). */
export const coursePart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [],
  nav: [],
};
