import { createContext, useContext, type ReactNode } from 'react';
import type { WebModule, WebRequestType } from './webModule.js';

/** Every module's request types by type: what the approval pages show for each (they name no module). */
export type RequestTypeRegistry = Readonly<Record<string, WebRequestType>>;

/** Joins the modules' registrations; a type registered twice is a programming error. */
export function requestTypeRegistry(modules: readonly Pick<WebModule, 'name' | 'requestTypes'>[]): RequestTypeRegistry {
  const out: Record<string, WebRequestType> = {};
  for (const m of modules) {
    for (const [type, def] of Object.entries(m.requestTypes ?? {})) {
      if (out[type]) throw new Error(`Request type ${type} is registered twice (again by ${m.name})`);
      out[type] = def;
    }
  }
  return out;
}

const RequestTypesContext = createContext<RequestTypeRegistry>({});

/** Provides the registry (App, from the modules of `app/modules.ts`). */
export function RequestTypesProvider({ registry, children }: { registry: RequestTypeRegistry; children: ReactNode }) {
  return <RequestTypesContext.Provider value={registry}>{children}</RequestTypesContext.Provider>;
}

/** The registered request types (empty outside the provider). */
export function useRequestTypes(): RequestTypeRegistry {
  return useContext(RequestTypesContext);
}
