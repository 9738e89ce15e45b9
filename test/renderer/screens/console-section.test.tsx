import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsoleSection } from '../../../renderer/src/screens/console-section.js';
import { Refusal } from '../support/fake-bridge.js';
import { DEV_ROLE, account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

describe('ConsoleSection', () => {
  it('opens the console as the current role or as another role; no URL ever reaches the window', async () => {
    const { bridge, user, container } = renderWithBridge(<ConsoleSection account={account({ session: signedInSession() })} />, {
      openConsole: () => undefined,
    });
    await user.click(screen.getByRole('button', { name: 'Open AWS console as acme-admin' }));
    expect(await screen.findByText('The AWS console opens in your browser.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open console as acme-developer' }));
    expect(await screen.findByText('The AWS console opens in your browser as acme-developer.')).toBeInTheDocument();
    expect(bridge.callsOf('openConsole')).toEqual([['acme-dev'], ['acme-dev', DEV_ROLE]]);
    expect(container.innerHTML).not.toContain('signin.aws');
    expect(screen.queryByRole('button', { name: `Open console as acme-admin` })).toBeNull();
  });

  it('shows a refusal with what to do', async () => {
    const { user } = renderWithBridge(<ConsoleSection account={account({ session: signedInSession() })} />, {
      openConsole: () => {
        throw new Refusal({ code: 'session-expired', message: 'The credentials of acme-dev have expired.', hint: 'Sign in again, then open the console.' });
      },
    });
    await user.click(screen.getByRole('button', { name: 'Open AWS console as acme-admin' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The credentials of acme-dev have expired.Sign in again, then open the console.');
  });
});
