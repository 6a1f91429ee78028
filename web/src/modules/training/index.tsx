import type { WebModule } from '../../app/webModule.js';
import { coursePart } from './features/course.js';
import { recordPart } from './features/record.js';
import { reportPart } from './features/report.js';
import { sessionPart } from './features/session.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';

/**
 * Training (保密教育培训): my training, courses and their online materials, offline sessions with their sign-in
 * lists, certificates, external certificates, campaigns and awareness messages, coverage reports. Each part
 * (`features/*.tsx`) gives its routes, menu entries and texts; this joins them.
 */
const parts = [coursePart, sessionPart, reportPart, recordPart];

export const training: WebModule = {
  name: 'training',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: parts.flatMap((p) => p.routes ?? []),
  nav: parts.flatMap((p) => p.nav ?? []),
};
