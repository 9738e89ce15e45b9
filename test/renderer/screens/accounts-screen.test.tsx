import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AccountsScreen } from '../../../renderer/src/screens/accounts-screen.js';
import { Refusal } from '../support/fake-bridge.js';
import { account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

describe('AccountsScreen', () => {
  it('shows each account with its state in words, countdowns, identity id, role and profiles, and which is active', async () => {
    renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [
        account({ active: true, session: signedInSession(), profiles: ['acme', 'acme-dev-admin'] }),
        account({ name: 'globex', username: undefined }),
        account({ name: 'initech', session: { ...signedInSession(), state: 'expired', credentialsExpireAt: new Date(Date.now() - 1000).toISOString() } }),
      ],
    });
    const acme = await screen.findByRole('listitem', { name: 'acme-dev' });
    expect(within(acme).getByText('Signed in')).toHaveClass('badge-signed-in');
    expect(within(acme).getByText('Active')).toBeInTheDocument();
    expect(within(acme).getByText(/^expire in 42 min 0\d s$/)).toBeInTheDocument();
    expect(within(acme).getByText(/^ends in 29 d [23] h$/)).toBeInTheDocument();
    expect(within(acme).getByText('eu-west-1:0a1b2c3d-0000-4000-8000-000000000001')).toBeInTheDocument();
    expect(within(acme).getByText('acme-admin')).toBeInTheDocument();
    expect(within(acme).getByText(/preferred role of group admins/)).toBeInTheDocument();
    expect(within(acme).getByText('acme, acme-dev-admin')).toBeInTheDocument();
    const globex = screen.getByRole('listitem', { name: 'globex' });
    expect(within(globex).getByText('Needs sign-in')).toBeInTheDocument();
    expect(within(globex).queryByText('Active')).toBeNull();
    expect(within(globex).getByRole('button', { name: 'Sign in to globex' })).toBeInTheDocument();
    expect(within(globex).getByRole('button', { name: 'Make active (globex)' })).toBeInTheDocument();
    const initech = screen.getByRole('listitem', { name: 'initech' });
    expect(within(initech).getAllByText('Expired')[0]).toHaveClass('badge-expired');
    expect(within(initech).getByText('expired')).toBeInTheDocument();
  });

  it('counts down live', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const now = Date.now();
      renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
        listAccounts: () => [account({ session: signedInSession(now, { credentialsExpireAt: new Date(now + 90_500).toISOString() }) })],
      });
      expect(await screen.findByText(/^expire in 1 min 3\d s$/)).toBeInTheDocument();
      await act(async () => {
        vi.advanceTimersByTime(60_000);
      });
      expect(screen.getByText(/^expire in [23]\d s$/)).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out, makes active and re-reads the list; refusals are shown with what to do', async () => {
    let active = 'acme-dev';
    const { bridge, user } = renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [account({ active: active === 'acme-dev', session: signedInSession() }), account({ name: 'globex', active: active === 'globex' })],
      signOut: () => {
        throw new Refusal({ code: 'keychain-locked', message: 'The keychain is locked.', hint: 'Unlock it, then try again.' });
      },
      setActiveAccount: (name) => {
        active = name;
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Make active (globex)' }));
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'globex' })).getByText('Active')).toBeInTheDocument());
    expect(bridge.callsOf('setActiveAccount')).toEqual([['globex']]);
    await user.click(screen.getByRole('button', { name: 'Sign out of acme-dev' }));
    expect(await screen.findByText('The keychain is locked.')).toBeInTheDocument();
    expect(screen.getByText('Unlock it, then try again.')).toBeInTheDocument();
    expect(bridge.callsOf('signOut')).toEqual([['acme-dev']]);
  });

  it('copies export lines to the clipboard and shows them', async () => {
    const lines = 'export AWS_PROFILE=acme-dev\n';
    const { user } = renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [account()],
      exportLines: () => lines,
    });
    await user.click(await screen.findByRole('button', { name: 'Copy export lines for acme-dev' }));
    expect(await screen.findByText('Copied the export lines for acme-dev. Paste them into a shell.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(lines);
    expect(screen.getByLabelText('Export lines for acme-dev')).toHaveTextContent('export AWS_PROFILE=acme-dev');
  });

  it('navigates to sign-in, details and the add form', async () => {
    const navigate = vi.fn();
    const { user } = renderWithBridge(<AccountsScreen navigate={navigate} />, { listAccounts: () => [account()] });
    await user.click(await screen.findByRole('button', { name: 'Sign in to acme-dev' }));
    expect(navigate).toHaveBeenLastCalledWith({ screen: 'sign-in', name: 'acme-dev' });
    await user.click(screen.getByRole('button', { name: 'Details of acme-dev' }));
    expect(navigate).toHaveBeenLastCalledWith({ screen: 'account', name: 'acme-dev' });
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    expect(navigate).toHaveBeenLastCalledWith({ screen: 'account-form' });
  });

  it('re-reads the list when the core says accounts changed', async () => {
    let state: 'needs-sign-in' | 'signed-in' = 'needs-sign-in';
    const { bridge } = renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [state === 'signed-in' ? account({ session: signedInSession() }) : account()],
    });
    expect(await screen.findByText('Needs sign-in')).toBeInTheDocument();
    state = 'signed-in';
    act(() => bridge.emit('accounts-changed', { reason: 'signed in' }));
    expect(await screen.findByText('Signed in')).toBeInTheDocument();
  });

  it('explains what to do when there are no accounts, and imports a JSON file', async () => {
    const imported = account({ name: 'from-file' });
    let list = [] as ReturnType<typeof account>[];
    const { bridge, user } = renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => list,
      importAccounts: () => {
        list = [imported];
        return [imported];
      },
    });
    expect(await screen.findByText('No accounts yet.')).toBeInTheDocument();
    const json = JSON.stringify({ version: 1, accounts: [] });
    await user.upload(screen.getByLabelText('Import from file…'), new File([json], 'accounts.json', { type: 'application/json' }));
    expect(await screen.findByText('Imported from-file.')).toBeInTheDocument();
    expect(bridge.callsOf('importAccounts')).toEqual([[json]]);
    expect(await screen.findByRole('listitem', { name: 'from-file' })).toBeInTheDocument();
  });
});
