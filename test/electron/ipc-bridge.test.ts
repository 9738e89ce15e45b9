import { describe, expect, it } from 'vitest';
import { AppEventHub } from '../../main/core/api/event-feed.js';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL, type CallResponse } from '../../main/contract/transport.js';
import { registerIpcBridge, type IpcInvokeEvent, type IpcMainLike } from '../../main/electron/ipc-bridge.js';
import { fakeAppApi } from '../support/fake-app-api.js';

const PAGE = 'file:///opt/Cognito%20Broker/resources/app.asar/dist/renderer/index.html';

function setup() {
  const handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<CallResponse> | CallResponse>();
  const ipcMain: IpcMainLike = { handle: (c, l) => handlers.set(c, l), removeHandler: (c) => handlers.delete(c) };
  const mainFrame = { url: `${PAGE}#/accounts`, parent: null };
  const sent: { channel: string; message: unknown }[] = [];
  let destroyed = false;
  const contents = { mainFrame, isDestroyed: () => destroyed, send: (channel: string, message: unknown) => sent.push({ channel, message }) };
  const api = fakeAppApi();
  api.answers.listAccounts = () => [{ name: 'dev' }];
  const events = new AppEventHub();
  const unregister = registerIpcBridge(ipcMain, { api, events, contents, rendererUrl: PAGE });
  const invoke = (frame: IpcInvokeEvent['senderFrame'], request: unknown) => handlers.get(API_CALL_CHANNEL)!({ senderFrame: frame }, request);
  return { handlers, mainFrame, sent, api, events, unregister, invoke, destroy: () => (destroyed = true) };
}

describe('IPC bridge', () => {
  it('answers calls from our window main frame through dispatch', async () => {
    const s = setup();
    expect(await s.invoke(s.mainFrame, { method: 'listAccounts', args: [] })).toEqual({ ok: true, result: [{ name: 'dev' }] });
    expect((await s.invoke(s.mainFrame, { method: 'nope', args: [] })).ok).toBe(false);
    expect(s.api.calls).toHaveLength(1);
  });

  it('refuses other senders without calling the core', async () => {
    const s = setup();
    // No frame; a subframe showing our page; a look-alike frame object that is not our window's main frame.
    const frames = [null, { url: PAGE, parent: s.mainFrame }, { url: PAGE, parent: null }, { ...s.mainFrame }];
    for (const frame of frames) {
      const r = await s.invoke(frame, { method: 'listAccounts', args: [] });
      expect(r).toEqual({ ok: false, error: { code: 'unauthorized', message: 'This call did not come from the Cognito Broker window and was refused.' } });
    }
    s.mainFrame.url = 'https://evil.example/index.html';
    expect((await s.invoke(s.mainFrame, { method: 'listAccounts', args: [] })).ok).toBe(false);
    s.mainFrame.url = 'file:///tmp/other/index.html';
    expect((await s.invoke(s.mainFrame, { method: 'listAccounts', args: [] })).ok).toBe(false);
    expect(s.api.calls).toHaveLength(0);
  });

  it('forwards events to the window until it is destroyed, and unregisters', () => {
    const s = setup();
    s.events.emit('accounts-changed', { reason: 'x' });
    expect(s.sent).toEqual([{ channel: API_EVENT_CHANNEL, message: { event: 'accounts-changed', payload: { reason: 'x' } } }]);
    s.destroy();
    s.events.emit('accounts-changed', { reason: 'y' });
    expect(s.sent).toHaveLength(1);
    s.unregister();
    expect(s.handlers.has(API_CALL_CHANNEL)).toBe(false);
    expect(s.events.listenerCount).toBe(0);
  });
});
