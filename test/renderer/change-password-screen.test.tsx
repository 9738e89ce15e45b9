import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChangePasswordScreen } from '../../renderer/src/screens/change-password-screen.js';
import { Refusal } from './fake-bridge.js';
import { renderWithBridge } from './render-app.js';
import { GOOD_PASSWORD, STRICT_POLICY } from './self-service-fixtures.js';

describe('ChangePasswordScreen', () => {
  it('sends the current and the new password once the new one meets the policy, and clears both fields', async () => {
    const navigate = vi.fn();
    const { bridge, user, container } = renderWithBridge(<ChangePasswordScreen name="acme-dev" navigate={navigate} />, {
      getPasswordPolicy: () => STRICT_POLICY,
      changePassword: () => undefined,
    });
    const current = screen.getByLabelText('Current password');
    expect(current).toHaveFocus();
    await user.type(current, 'Old-pass-1');
    const rules = await screen.findByRole('list', { name: 'Password rules' });
    await user.type(screen.getByLabelText('New password'), GOOD_PASSWORD);
    expect(within(rules).queryAllByText(/not yet/)).toHaveLength(0);
    await user.type(screen.getByLabelText('New password again'), `${GOOD_PASSWORD}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Password changed' })).toBeInTheDocument();
    expect(bridge.callsOf('changePassword')).toEqual([['acme-dev', 'Old-pass-1', GOOD_PASSWORD]]);
    expect(container.innerHTML).not.toContain(GOOD_PASSWORD);
    expect(container.innerHTML).not.toContain('Old-pass-1');
    await user.click(screen.getByRole('button', { name: 'Back to acme-dev' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'account', name: 'acme-dev' });
  });

  it('asks for the current password, and shows a wrong one in words with the fields empty again', async () => {
    const { bridge, user } = renderWithBridge(<ChangePasswordScreen name="acme-dev" navigate={vi.fn()} />, {
      getPasswordPolicy: () => null,
      changePassword: () => {
        throw new Refusal({ code: 'not-authorized', message: 'The current password is not right.', hint: 'Type your current password again.' });
      },
    });
    await user.type(screen.getByLabelText('New password'), 'new-pass');
    await user.type(screen.getByLabelText('New password again'), 'new-pass{Enter}');
    expect(screen.getByText('Enter your current password.')).toBeInTheDocument();
    expect(bridge.callsOf('changePassword')).toHaveLength(0);
    await user.type(screen.getByLabelText('Current password'), 'wrong');
    await user.type(screen.getByLabelText('New password'), 'new-pass');
    await user.type(screen.getByLabelText('New password again'), 'new-pass{Enter}');
    expect(await screen.findByText('The current password is not right.')).toBeInTheDocument();
    expect(screen.getByText('Type your current password again.')).toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });
});
