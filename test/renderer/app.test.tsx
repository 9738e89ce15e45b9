import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app.js';
import { account } from './support/fixtures.js';
import { renderWithBridge } from './support/render-app.js';

const handlers = {
  listAccounts: () => [account()],
  getAccount: () => account(),
  listProfiles: () => [],
  listActivity: () => [],
  getSettings: () => ({
    activeProfileName: 'cb',
    allowDefaultProfile: false,
    notificationLeadMinutes: 10,
    launchAtLogin: false,
    startHidden: false,
    handOff: 'window' as const,
  }),
  signInCancel: () => undefined,
};

describe('App', () => {
  it('moves between screens with the keyboard, marks the current one and puts focus on its heading', async () => {
    const { user } = renderWithBridge(<App />, handlers);
    await screen.findByRole('listitem', { name: 'acme-dev' });
    expect(screen.getByRole('button', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');
    screen.getByRole('button', { name: 'Activity' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { level: 1, name: 'Activity' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Accounts' }));
    await user.click(await screen.findByRole('button', { name: 'Details of acme-dev' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'acme-dev' })).toHaveFocus();
  });

  it('opens the sign-in of an account when the core asks for one', async () => {
    const { bridge } = renderWithBridge(<App />, handlers);
    await screen.findByRole('listitem', { name: 'acme-dev' });
    await waitFor(() => expect(bridge.listenerCount).toBeGreaterThan(0));
    act(() => bridge.emit('sign-in-requested', { account: 'acme-dev' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to acme-dev' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveFocus());
  });

  it('goes from the sign-in to password reset and sign-up with focus on the first field of each', async () => {
    const { user } = renderWithBridge(<App initialRoute={{ screen: 'sign-in', name: 'acme-dev' }} />, { ...handlers, getPasswordPolicy: () => null });
    await user.click(await screen.findByRole('button', { name: 'Forgot your password?' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password for acme-dev' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Username')).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(await screen.findByRole('button', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Create an account in acme-dev' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Username')).toHaveFocus());
  });
});
