import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PasskeyView } from '../../../main/contract/app-api.js';
import { AccountDetailsScreen } from '../../../renderer/src/screens/account-details-screen.js';
import { Refusal, type Handlers } from '../support/fake-bridge.js';
import { account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

const LAPTOP: PasskeyView = {
  credentialId: 'cred-laptop_1',
  friendlyName: 'Work laptop',
  relyingPartyId: 'auth.acme.example',
  createdAt: '2026-11-02T09:15:00Z',
  authenticatorAttachment: 'platform',
};
const KEY: PasskeyView = { credentialId: 'cred-key-2', relyingPartyId: 'auth.acme.example', createdAt: '2026-11-20T17:40:00Z' };

function details(overrides: Handlers = {}, view = account({ authFlow: 'user-auth', session: signedInSession() })): Handlers {
  let passkeys = [LAPTOP, KEY];
  return {
    getAccount: () => view,
    listProfiles: () => [],
    getMfaStatus: () => ({ enabled: [] }),
    getDevice: () => ({ remembered: false }),
    listPasskeys: () => passkeys,
    deletePasskey: (_name, id) => (passkeys = passkeys.filter((p) => p.credentialId !== id)),
    ...overrides,
  };
}

const section = () => screen.getByRole('heading', { name: 'Passkeys' }).closest('.card') as HTMLElement;

describe('Passkeys in account details', () => {
  it('lists the signed-in user’s passkeys: name, created, relying party', async () => {
    const { bridge } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details());
    const table = await screen.findByRole('table', { name: 'Passkeys of alice' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Work laptop', 'Unnamed passkey']);
    expect(rows[0]).toHaveTextContent('auth.acme.example');
    expect(rows[0]).toHaveTextContent(/Nov/);
    expect(bridge.callsOf('listPasskeys')).toEqual([['acme-dev']]);
    expect(within(section()).getByText(/a passkey belongs to that web address/)).toBeInTheDocument();
  });

  it('deletes a passkey only after confirming, with the keyboard, and shows the list that remains', async () => {
    const { bridge, user } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details());
    await user.click(await screen.findByRole('button', { name: 'Delete passkey Work laptop' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Delete the passkey Work laptop? You can no longer sign in with it, on any device.');
    expect(within(dialog).getByRole('button', { name: 'Delete passkey' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(bridge.callsOf('deletePasskey')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Delete passkey Work laptop' }));
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted the passkey Work laptop. It no longer signs you in.');
    expect(bridge.callsOf('deletePasskey')).toEqual([['acme-dev', 'cred-laptop_1']]);
    expect(screen.queryByRole('button', { name: 'Delete passkey Work laptop' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete passkey Unnamed passkey' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('shows a refused delete as one sentence and keeps the passkey listed', async () => {
    const { user } = renderWithBridge(
      <AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />,
      details({
        deletePasskey: () => {
          throw new Refusal({ code: 'not-signed-in', message: 'The session of acme-dev has ended.', hint: 'Sign in again, then delete the passkey.' });
        },
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Delete passkey Work laptop' }));
    await user.click(screen.getByRole('button', { name: 'Delete passkey' }));
    const alert = await within(section()).findByRole('alert');
    expect(alert).toHaveTextContent('The session of acme-dev has ended.');
    expect(screen.getByRole('button', { name: 'Delete passkey Work laptop' })).toBeInTheDocument();
  });

  it('says so when the user has none', async () => {
    renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details({ listPasskeys: () => [] }));
    expect(await screen.findByText('No passkeys for this user.')).toBeInTheDocument();
  });

  it('shows a refused list as a sentence', async () => {
    renderWithBridge(
      <AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />,
      details({
        listPasskeys: () => {
          throw new Refusal({ code: 'network', message: 'The user pool did not answer.', hint: 'Check your connection, then open the account again.' });
        },
      }),
    );
    expect(await screen.findByText('The user pool did not answer.')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: /Passkeys/ })).not.toBeInTheDocument();
  });

  it('is not shown (nor asked for) when signed out, or for an SRP account', async () => {
    const signedOut = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details({}, account({ authFlow: 'user-auth' })));
    await screen.findByRole('heading', { name: 'User' });
    expect(screen.queryByRole('heading', { name: 'Passkeys' })).not.toBeInTheDocument();
    expect(signedOut.bridge.callsOf('listPasskeys')).toHaveLength(0);
    signedOut.unmount();
    const srp = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, details({}, account({ session: signedInSession() })));
    await screen.findByRole('heading', { name: 'User' });
    await waitFor(() => expect(srp.bridge.callsOf('getMfaStatus')).toHaveLength(1));
    expect(screen.queryByRole('heading', { name: 'Passkeys' })).not.toBeInTheDocument();
    expect(srp.bridge.callsOf('listPasskeys')).toHaveLength(0);
  });
});
