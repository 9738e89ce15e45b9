import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChangePasswordScreen } from '../../../renderer/src/screens/change-password-screen.js';
import { Refusal } from '../support/fake-bridge.js';
import { renderWithBridge } from '../support/render-app.js';
import { GOOD_PASSWORD, STRICT_POLICY } from '../support/self-service-fixtures.js';

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

  it('asks for the current password, and shows a wrong one (its own code) at its field with the fields empty again', async () => {
    const { bridge, user } = renderWithBridge(<ChangePasswordScreen name="acme-dev" navigate={vi.fn()} />, {
      getPasswordPolicy: () => null,
      changePassword: () => {
        throw new Refusal({ code: 'wrong-password', message: 'The current password is not right.', hint: 'Type your current password again.' });
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
    // The refusal is tied to the field it is about: a screen reader reads it with the field.
    const current = screen.getByLabelText('Current password');
    expect(current).toHaveAttribute('aria-invalid', 'true');
    expect(current).toHaveAccessibleDescription('The current password is not right. Type your current password again.');
  });

  it('shows any other refusal above the form, leaving the current password field as it was', async () => {
    const { user } = renderWithBridge(<ChangePasswordScreen name="acme-dev" navigate={vi.fn()} />, {
      getPasswordPolicy: () => null,
      changePassword: () => {
        throw new Refusal({ code: 'session-expired', message: 'Your session is no longer valid for this change.', hint: 'Sign in again, then retry.' });
      },
    });
    await user.type(screen.getByLabelText('Current password'), 'Old-pass-1');
    await user.type(screen.getByLabelText('New password'), 'new-pass');
    await user.type(screen.getByLabelText('New password again'), 'new-pass{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Your session is no longer valid for this change.Sign in again, then retry.');
    expect(screen.getByLabelText('Current password')).not.toHaveAttribute('aria-invalid');
  });
});
