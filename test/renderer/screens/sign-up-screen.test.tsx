import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SignUpScreen } from '../../../renderer/src/screens/sign-up-screen.js';
import { Refusal } from '../support/fake-bridge.js';
import { renderWithBridge } from '../support/render-app.js';
import { GOOD_PASSWORD, STRICT_POLICY } from '../support/self-service-fixtures.js';

const delivery = { destination: 'b***@e***', medium: 'EMAIL' };

describe('SignUpScreen', () => {
  it('signs up with the policy checklist live, then confirms with the code sent to the masked address', async () => {
    const navigate = vi.fn();
    const { bridge, user, container } = renderWithBridge(<SignUpScreen name="acme-dev" navigate={navigate} />, {
      getPasswordPolicy: () => STRICT_POLICY,
      signUp: () => ({ confirmed: false, delivery }),
      confirmSignUp: () => undefined,
    });
    const username = screen.getByLabelText('Username');
    expect(username).toHaveFocus();
    await user.type(username, 'bob');
    await user.type(screen.getByLabelText('E-mail'), 'bob@example.com');
    const password = screen.getByLabelText('Password');
    const rules = await screen.findByRole('list', { name: 'Password rules' });
    expect(within(rules).getAllByText(/not yet/)).toHaveLength(5);
    await user.type(password, GOOD_PASSWORD);
    expect(within(rules).queryAllByText(/not yet/)).toHaveLength(0);
    await user.type(screen.getByLabelText('Password again'), GOOD_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('We sent a code by e-mail to b***@e***.')).toBeInTheDocument();
    expect(bridge.callsOf('signUp')).toEqual([['acme-dev', { username: 'bob', email: 'bob@example.com', password: GOOD_PASSWORD }]]);
    expect(container.innerHTML).not.toContain(GOOD_PASSWORD);
    const code = screen.getByLabelText('Confirmation code');
    expect(code).toHaveFocus();
    await user.type(code, '123456{Enter}');
    expect(await screen.findByRole('heading', { name: 'Account ready' })).toBeInTheDocument();
    expect(bridge.callsOf('confirmSignUp')).toEqual([['acme-dev', 'bob', '123456']]);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'sign-in', name: 'acme-dev' });
  });

  it('checks the fields before sending: username, e-mail shape, password rules and match', async () => {
    const { bridge, user } = renderWithBridge(<SignUpScreen name="acme-dev" navigate={vi.fn()} />, { getPasswordPolicy: () => STRICT_POLICY });
    await screen.findByRole('list', { name: 'Password rules' });
    await user.type(screen.getByLabelText('E-mail'), 'not-an-address');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText('Choose a username.')).toBeInTheDocument();
    expect(screen.getByText(/Enter an e-mail address such as you@example.com/)).toBeInTheDocument();
    expect(screen.getByText('The new password does not meet every rule yet.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveFocus();
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.clear(screen.getByLabelText('E-mail'));
    await user.type(screen.getByLabelText('E-mail'), 'bob@example.com');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), GOOD_PASSWORD);
    await user.type(screen.getByLabelText('Password again'), 'abcDEF123!xz');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText('The two passwords are not the same.')).toBeInTheDocument();
    expect(bridge.callsOf('signUp')).toHaveLength(0);
  });

  it('sends a new code on request and says a wrong code was refused, in words', async () => {
    let codes = 0;
    const { bridge, user } = renderWithBridge(<SignUpScreen name="acme-dev" navigate={vi.fn()} />, {
      getPasswordPolicy: () => null,
      signUp: () => ({ confirmed: false, delivery }),
      resendSignUpCode: () => ({ destination: 'b***@e***', medium: 'EMAIL' }),
      confirmSignUp: () => {
        codes++;
        throw new Refusal({ code: 'code-mismatch', message: 'That code is not the one we sent.', hint: 'Check the newest message and type its code again.' });
      },
    });
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('E-mail'), 'bob@example.com');
    await user.type(screen.getByLabelText('Password'), 'anything-goes');
    await user.type(screen.getByLabelText('Password again'), 'anything-goes{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByText(/New code sent\. We sent a code by e-mail to b\*\*\*@e\*\*\*\./)).toBeInTheDocument();
    expect(bridge.callsOf('resendSignUpCode')).toEqual([['acme-dev', 'bob']]);
    await user.type(screen.getByLabelText('Confirmation code'), '654321{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That code is not the one we sent.');
    expect(alert).toHaveTextContent('Check the newest message and type its code again.');
    expect(codes).toBe(1);
    expect(screen.getByLabelText('Confirmation code')).toHaveValue('');
  });

  it('an account confirmed at once (pool auto-confirms) goes straight to "ready"', async () => {
    const { user } = renderWithBridge(<SignUpScreen name="acme-dev" navigate={vi.fn()} />, {
      getPasswordPolicy: () => null,
      signUp: () => ({ confirmed: true }),
    });
    await user.type(screen.getByLabelText('Username'), 'carol');
    await user.type(screen.getByLabelText('E-mail'), 'carol@example.com');
    await user.type(screen.getByLabelText('Password'), 'p4ss-word');
    await user.type(screen.getByLabelText('Password again'), 'p4ss-word{Enter}');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Account ready' })).toBeInTheDocument());
    expect(screen.getByText('The user carol can now sign in to acme-dev.')).toBeInTheDocument();
  });
});
