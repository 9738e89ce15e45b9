import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppMethod } from '../main/contract/app-api.js';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL, type BrokerBridge, type CallResponse, type EventMessage } from '../main/contract/transport.js';

/**
 * The sandboxed preload: exposes `window.cognitoBroker` (BrokerBridge) and nothing else. It forwards calls
 * and events over the one channel pair and holds no logic; validation happens in the main process. The page
 * never gets ipcRenderer itself, only these two functions.
 */
const bridge: BrokerBridge = {
  call: (method: AppMethod, args: unknown[]) => ipcRenderer.invoke(API_CALL_CHANNEL, { method, args }) as Promise<CallResponse>,
  onEvent: (listener: (message: EventMessage) => void) => {
    const handler = (_event: IpcRendererEvent, message: EventMessage): void => listener(message);
    ipcRenderer.on(API_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(API_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('cognitoBroker', bridge);
