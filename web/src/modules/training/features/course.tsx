import { ReadOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { CourseEditorPage } from '../pages/CourseEditorPage.js';
import { CoursePage } from '../pages/CoursePage.js';
import { CoursesPage } from '../pages/CoursesPage.js';

/** The courses part of the training pages: its routes and menu entries (its texts: `i18n/course.ts`). */
export const coursePart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training/courses', element: <CoursesPage /> },
    { path: 'training/courses/:id', element: <CoursePage /> },
    { path: 'training/courses/:id/edit', element: <CourseEditorPage /> },
  ],
  nav: [
    {
      key: 'training-courses',
      path: '/training/courses',
      icon: <ReadOutlined />,
      label: 'training:course.nav.courses',
      order: 51,
      visible: (can) => can('training.view_courses'),
    },
  ],
};
