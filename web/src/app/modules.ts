import { approvals } from '../modules/approvals/index.js';
import { audit } from '../modules/audit/index.js';
import { carriers } from '../modules/carriers/index.js';
import { classification } from '../modules/classification/index.js';
import { identity } from '../modules/identity/index.js';
import { people } from '../modules/people/index.js';
import { training } from '../modules/training/index.js';
import { shell } from './shell.js';
import { workbench } from './workbench/index.js';
import type { WebModule } from './webModule.js';

/** The web's modules: the one app file that imports them (a new module adds its line here). */
export const webModules: readonly WebModule[] = [
  identity,
  audit,
  approvals,
  classification,
  carriers,
  people,
  training,
];

/** The shell's pages and the modules', from which App builds the routes and AppLayout the menu. */
export const allWebModules: readonly WebModule[] = [shell, workbench, ...webModules];
