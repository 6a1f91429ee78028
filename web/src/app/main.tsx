import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.js';
import { allWebModules } from './modules.js';
import { App } from './App.js';
import { keepMeasureRowsInert } from './inertMeasureRows.js';
import './layout/layout.css';

initI18n(allWebModules);

const root = document.getElementById('root');
if (root) keepMeasureRowsInert(document.body);
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
