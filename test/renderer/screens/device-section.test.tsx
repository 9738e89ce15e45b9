import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AccountDetailsScreen } from '../../../renderer/src/screens/account-details-screen.js';
import { Refusal, type Handlers } from '../support/fake-bridge.js';
import { account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

function details(overrides: Handlers = {}, view = account({ authFlow: 'user-auth', session: signedInSession() })): Handlers {
  return {
    getAccount: () => view,
    listProfiles: () => [],
    getMfaStatus: () => ({ enabled: [] }),
    getDevice: () => ({ remembered: false }),
    listPasskeys: () => [],
    ...overrides,
  };
}

describe('This computer in account details', () => {
  it('shows a remembered computer with its device key and forgets it on request', async () => {
    const { bridge, user } = renderWithBridge(
      <AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />,
      details({
        getDevice: () => ({ remembered: true, deviceKey: 'eu-west-1_0f1e2d3c-aaaa-bbbb-cccc-000000000001', rememberedAt: '2026-12-01T08:00:00Z' }),
        forgetDevice: () => ({ remembered: false }),
      }),
    );
    await screen.findByRole('heading', { name: 'This computer' });
    expect(screen.getByText(/This computer is remembered since .*: sign-ins here can skip the second factor \(MFA\)/)).toBeInTheDocument();
    expect(screen.getByText('eu-west-1_0f1e2d3c-aaaa-bbbb-cccc-000000000001')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Forget this computer' }));
    expect(await screen.findByText('This computer is forgotten. The next sign-in here asks for the second factor again.')).toBeInTheDocument();
    expect(bridge.callsOf('forgetDevice')).toEqual([['acme-dev']]);
    expect(screen.queryByRole('button', { name: 'Forget this computer' })).not.toBeInTheDocument();
  });

  it('shows a refused forget as a sentence and keeps the button', async () => {
    const { user } = renderWithBridge(
      <AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />,
      details({
        getDevice: () => ({ remembered: true }),
        forgetDevice: () => {
          throw new Refusal({ code: 'keychain-locked', message: 'The keychain is locked.', hint: 'Unlock it, then try again.' });
        },
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Forget this computer' }));
    expect(await screen.findByText('The keychain is locked.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Forget this computer' })).toBeEnabled();
  });

  it('is not shown when this computer is not remembered, signed in or not', async () => {
    const { bridge } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details({}, account()));
    await screen.findByRole('heading', { name: 'User' });
    await waitFor(() => expect(bridge.callsOf('getDevice')).toEqual([['acme-dev']]));
    expect(screen.queryByRole('heading', { name: 'This computer' })).not.toBeInTheDocument();
  });
});
