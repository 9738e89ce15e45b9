import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ForgotPasswordScreen } from '../../../renderer/src/screens/forgot-password-screen.js';
import { Refusal } from '../support/fake-bridge.js';
import { account } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';
import { GOOD_PASSWORD, STRICT_POLICY } from '../support/self-service-fixtures.js';

describe('ForgotPasswordScreen', () => {
  it("sends a code for the account's username, then sets the new password with the policy live", async () => {
    const navigate = vi.fn();
    const { bridge, user, container } = renderWithBridge(<ForgotPasswordScreen name="acme-dev" navigate={navigate} />, {
      getAccount: () => account(),
      getPasswordPolicy: () => STRICT_POLICY,
      forgotPassword: () => ({ destination: 'a***@e***', medium: 'EMAIL' }),
      confirmForgotPassword: () => undefined,
    });
    const username = await screen.findByLabelText('Username');
    expect(username).toHaveValue('alice');
    expect(username).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('We sent a code by e-mail to a***@e***.')).toBeInTheDocument();
    expect(bridge.callsOf('forgotPassword')).toEqual([['acme-dev', 'alice']]);
    const code = screen.getByLabelText('Code');
    expect(code).toHaveFocus();
    await user.type(code, '112233');
    const rules = screen.getByRole('list', { name: 'Password rules' });
    await user.type(screen.getByLabelText('New password'), 'abc');
    expect(within(rules).getAllByText(/not yet/)).toHaveLength(4);
    await user.type(screen.getByLabelText('New password'), 'DEF123!xy');
    expect(within(rules).queryAllByText(/not yet/)).toHaveLength(0);
    await user.type(screen.getByLabelText('New password again'), `${GOOD_PASSWORD}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Password changed' })).toBeInTheDocument();
    expect(bridge.callsOf('confirmForgotPassword')).toEqual([['acme-dev', 'alice', '112233', GOOD_PASSWORD]]);
    expect(container.innerHTML).not.toContain(GOOD_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'sign-in', name: 'acme-dev' });
  });

  it('refuses an incomplete code or a weak password before sending, and shows an expired code in words', async () => {
    const { bridge, user } = renderWithBridge(<ForgotPasswordScreen name="acme-dev" navigate={vi.fn()} />, {
      getAccount: () => account({ username: undefined }),
      getPasswordPolicy: () => STRICT_POLICY,
      forgotPassword: () => ({ destination: '+*******0100', medium: 'SMS' }),
      confirmForgotPassword: () => {
        throw new Refusal({ code: 'code-expired', message: 'The code has expired.', hint: 'Choose "Send a new code" and use the newest one.' });
      },
    });
    const username = await screen.findByLabelText('Username');
    await user.keyboard('{Enter}');
    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(bridge.callsOf('forgotPassword')).toHaveLength(0);
    await user.type(username, 'bob{Enter}');
    expect(await screen.findByText('We sent a code by text message to +*******0100.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code'), '12');
    await user.type(screen.getByLabelText('New password'), 'weak');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(screen.getByText('Enter all 6 digits of the code.')).toBeInTheDocument();
    expect(screen.getByText('The new password does not meet every rule yet.')).toBeInTheDocument();
    expect(bridge.callsOf('confirmForgotPassword')).toHaveLength(0);
    await user.type(screen.getByLabelText('Code'), '3456');
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), GOOD_PASSWORD);
    await user.type(screen.getByLabelText('New password again'), `${GOOD_PASSWORD}{Enter}`);
    const alert = await screen.findByText('The code has expired.');
    expect(alert.closest('[role="alert"]')).toHaveTextContent('Choose "Send a new code" and use the newest one.');
    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    await waitFor(() =>
      expect(bridge.callsOf('forgotPassword')).toEqual([
        ['acme-dev', 'bob'],
        ['acme-dev', 'bob'],
      ]),
    );
  });
});
