import { ReadOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { lazyPage } from '../../../app/lazyPage.js';

/** The courses part of the training pages: its routes and menu entries (its texts: `i18n/course.ts`). */
export const coursePart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training/courses', element: lazyPage(() => import('../pages/CoursesPage.js').then((m) => m.CoursesPage)) },
    {
      path: 'training/courses/:id',
      element: lazyPage(() => import('../pages/CoursePage.js').then((m) => m.CoursePage)),
    },
    {
      path: 'training/courses/:id/edit',
      element: lazyPage(() => import('../pages/CourseEditorPage.js').then((m) => m.CourseEditorPage)),
    },
  ],
  nav: [
    {
      key: 'training-courses',
      path: '/training/courses',
      icon: <ReadOutlined />,
      label: 'training:course.nav.courses',
      group: 'training',
      order: 51,
      visible: (can) => can('training.view_courses'),
    },
  ],
};
