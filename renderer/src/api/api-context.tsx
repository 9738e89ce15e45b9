import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { AppApi, AppEventName, AppEvents } from '../../../main/contract/app-api.js';
import type { BrokerBridge } from '../../../main/contract/transport.js';
import { createApi } from './api-client.js';

interface ApiContextValue {
  api: AppApi;
  bridge: BrokerBridge;
}

const ApiContext = createContext<ApiContextValue | undefined>(undefined);

export function ApiProvider({ bridge, children }: { bridge: BrokerBridge; children: ReactNode }) {
  const value = useMemo(() => ({ api: createApi(bridge), bridge }), [bridge]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('ApiProvider is missing');
  return value;
}

export function useApi(): AppApi {
  return useApiContext().api;
}

/** Calls `handler` for every event of this name while the component is mounted. */
export function useAppEvent<E extends AppEventName>(event: E, handler: (payload: AppEvents[E]) => void): void {
  const { bridge } = useApiContext();
  // The latest handler is kept in a ref so a re-render does not re-subscribe.
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      bridge.onEvent((message) => {
        if (message.event === event) latest.current(message.payload as AppEvents[E]);
      }),
    [bridge, event],
  );
}
