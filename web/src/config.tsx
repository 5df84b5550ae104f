/** The desk's settings from `GET /client-config` (sign-in kind, business time zone, currency digits). */
import { createContext, useContext } from 'react';
import type { paths } from './api/schema';

export type ClientConfig = paths['/client-config']['get']['responses']['200']['content']['application/json'];
export const ConfigContext = createContext<ClientConfig | null>(null);

export function useConfig(): ClientConfig {
  const c = useContext(ConfigContext);
  if (!c) throw new Error('useConfig outside ConfigContext');
  return c;
}
