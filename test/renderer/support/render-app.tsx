import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { ApiProvider } from '../../../renderer/src/api/api-context.js';
import { FakeBridge, type Handlers } from './fake-bridge.js';

/** Renders a screen inside the ApiProvider with a fake bridge; returns the bridge and a user-event session. */
export function renderWithBridge(ui: ReactElement, handlers: Handlers = {}) {
  const bridge = new FakeBridge(handlers);
  const user = userEvent.setup();
  const result = render(<ApiProvider bridge={bridge}>{ui}</ApiProvider>);
  return { ...result, bridge, user };
}
