import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version, read once (works from src/ under tsx and from dist/). */
export const BAOMI_VERSION: string = (require('../../package.json') as { version: string }).version;
