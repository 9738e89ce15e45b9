import type { AppApi } from '../contract/app-api.js';
import { dispatch, type DispatchOptions } from '../core/api/dispatch.js';
import type { AppEventFeed } from '../core/api/event-feed.js';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL, type CallResponse, type EventMessage } from '../contract/transport.js';

/**
 * The Electron transport of the AppApi: one invoke channel for calls, one channel for events. A call is
 * answered only when it comes from our window's main frame showing our own page; everything else gets
 * an error value and never reaches dispatch().
 */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

export interface IpcInvokeEvent {
  senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<CallResponse> | CallResponse): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, message: EventMessage): void;
  /** Our window's main frame, the only frame allowed to call. */
  mainFrame: unknown;
}

export interface IpcBridgeOptions {
  api: AppApi;
  events: AppEventFeed;
  /** The window's webContents. */
  contents: EventTarget;
  /** The exact file:// URL of our index.html. */
  rendererUrl: string;
  onInternalError?: DispatchOptions['onInternalError'];
}

/** The page URL without its fragment (the renderer routes with `#`) or query. */
function pageUrl(url: string): string {
  return url.split(/[?#]/)[0] ?? '';
}

export function isTrustedSender(frame: SenderFrame | null, contents: Pick<EventTarget, 'mainFrame'>, expectedUrl: string): boolean {
  if (!frame) return false;
  return frame === contents.mainFrame && !frame.parent && pageUrl(frame.url) === pageUrl(expectedUrl);
}

const untrusted: CallResponse = {
  ok: false,
  error: { code: 'unauthorized', message: 'This call did not come from the Cognito Broker window and was refused.' },
};

export function registerIpcBridge(ipcMain: IpcMainLike, options: IpcBridgeOptions): () => void {
  ipcMain.handle(API_CALL_CHANNEL, async (event, request) => {
    if (!isTrustedSender(event.senderFrame, options.contents, options.rendererUrl)) return untrusted;
    return dispatch(options.api, request, { transport: 'ipc' }, { onInternalError: options.onInternalError });
  });
  const unsubscribe = options.events.subscribe((message) => {
    if (!options.contents.isDestroyed()) options.contents.send(API_EVENT_CHANNEL, message);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(API_CALL_CHANNEL);
  };
}
