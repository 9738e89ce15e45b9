import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AccountInput } from '../../../main/core/accounts/account.js';
import { AccountFormScreen } from '../../../renderer/src/screens/account-form-screen.js';
import { Refusal } from '../support/fake-bridge.js';
import { account } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

async function fillValid(user: ReturnType<typeof renderWithBridge>['user']) {
  await user.type(screen.getByLabelText('Account name'), 'acme-dev');
  await user.type(screen.getByLabelText('User pool id'), 'eu-west-1_AbC123');
  await user.type(screen.getByLabelText('App client id'), '1example23456789');
  await user.type(screen.getByLabelText('Identity pool id'), 'eu-west-1:11111111-2222-3333-4444-555555555555');
}

describe('AccountFormScreen', () => {
  it('infers the region from the user pool id', async () => {
    const { user } = renderWithBridge(<AccountFormScreen navigate={vi.fn()} />);
    await user.type(screen.getByLabelText('User pool id'), 'us-east-2_XyZ789');
    expect(screen.getByLabelText('Region')).toHaveValue('us-east-2');
  });

  it('checks ids for shape, says how each should look and focuses the first wrong field', async () => {
    const { bridge, user } = renderWithBridge(<AccountFormScreen navigate={vi.fn()} />);
    await user.type(screen.getByLabelText('Account name'), 'acme dev');
    await user.type(screen.getByLabelText('User pool id'), 'not-a-pool');
    await user.type(screen.getByLabelText('Identity pool id'), 'eu-west-1/zzz');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    expect(screen.getByText(/Use letters, digits, dot, dash or underscore/)).toBeInTheDocument();
    expect(screen.getByText('A user pool id looks like eu-west-1_AbC123.')).toBeInTheDocument();
    expect(screen.getByText(/An identity pool id looks like/)).toBeInTheDocument();
    expect(screen.getByText(/An app client id is letters and digits/)).toBeInTheDocument();
    expect(screen.getByLabelText('Account name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Account name')).toHaveFocus();
    expect(bridge.calls).toHaveLength(0);
  });

  it('tests the settings against the pools before saving, then adds the account', async () => {
    const navigate = vi.fn();
    const { bridge, user } = renderWithBridge(<AccountFormScreen navigate={navigate} />, {
      checkAccount: () => ({
        userPool: { ok: true, message: 'The app client answered.' },
        identityPool: { ok: false, message: 'No identity pool with that id in eu-west-1.' },
      }),
      addAccount: (input) => account({ name: input.name }),
    });
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Test settings' }));
    const results = await screen.findByRole('list', { name: 'Settings test results' });
    expect(results).toHaveTextContent('User pool: reached. The app client answered.');
    expect(results).toHaveTextContent('Identity pool: problem. No identity pool with that id in eu-west-1.');
    const expected: AccountInput = {
      name: 'acme-dev',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
      clientId: '1example23456789',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
      authFlow: 'srp',
    };
    expect(bridge.callsOf('checkAccount')).toEqual([[expected]]);
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ screen: 'account', name: 'acme-dev' }));
    expect(bridge.callsOf('addAccount')).toEqual([[expected]]);
  });

  it('sends custom endpoints and the sign-in method when given', async () => {
    const { bridge, user } = renderWithBridge(<AccountFormScreen navigate={vi.fn()} />, { addAccount: (input) => account({ name: input.name }) });
    await fillValid(user);
    await user.selectOptions(screen.getByLabelText('Sign-in method'), 'password');
    await user.click(screen.getByText('Custom endpoints'));
    await user.type(screen.getByLabelText('User pool endpoint'), 'ftp://x');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    expect(screen.getByText('Enter a full http:// or https:// address, or leave it empty for AWS.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('User pool endpoint'));
    await user.type(screen.getByLabelText('User pool endpoint'), 'http://127.0.0.1:9229');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(bridge.callsOf('addAccount')).toHaveLength(1));
    expect(bridge.callsOf('addAccount')[0]![0]).toMatchObject({ authFlow: 'password', endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9229' } });
  });

  it('edits an existing account, keeps its default role, and shows the core refusal', async () => {
    const existing = account({ defaultRoleArn: 'arn:aws:iam::123456789012:role/dev' });
    const { bridge, user } = renderWithBridge(<AccountFormScreen name="acme-dev" navigate={vi.fn()} />, {
      getAccount: () => existing,
      updateAccount: () => {
        throw new Refusal({ code: 'account-exists', message: 'An account named acme-prod already exists.', hint: 'Choose another name.' });
      },
    });
    await waitFor(() => expect(screen.getByLabelText('Account name')).toHaveValue('acme-dev'));
    expect(screen.getByRole('heading', { name: 'Edit acme-dev' })).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Account name'));
    await user.type(screen.getByLabelText('Account name'), 'acme-prod');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('An account named acme-prod already exists.')).toBeInTheDocument();
    expect(bridge.callsOf('updateAccount')[0]).toEqual([
      'acme-dev',
      expect.objectContaining({ name: 'acme-prod', defaultRoleArn: 'arn:aws:iam::123456789012:role/dev' }),
    ]);
  });

  it('removes an account only after confirming', async () => {
    const navigate = vi.fn();
    const { bridge, user } = renderWithBridge(<AccountFormScreen name="acme-dev" navigate={navigate} />, {
      getAccount: () => account(),
      removeAccount: () => undefined,
    });
    await user.click(await screen.findByRole('button', { name: 'Remove account' }));
    expect(bridge.callsOf('removeAccount')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Remove acme-dev' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    await user.click(screen.getByRole('button', { name: 'Remove account' }));
    await user.click(screen.getByRole('button', { name: 'Remove acme-dev' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ screen: 'accounts' }));
    expect(bridge.callsOf('removeAccount')).toEqual([['acme-dev']]);
  });

  it('sends a typed client secret with the new account, never in the account itself, and empties the field', async () => {
    const { bridge, user } = renderWithBridge(<AccountFormScreen navigate={vi.fn()} />, {
      addAccount: (input) => account({ name: input.name, hasClientSecret: true }),
    });
    await fillValid(user);
    const secret = screen.getByLabelText('App client secret');
    expect(secret).toHaveAttribute('type', 'password');
    expect(screen.getByText(/Stored in the keychain, never in a file, and never shown again/)).toBeInTheDocument();
    await user.type(secret, 's3cr3t-value');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(bridge.callsOf('addAccount')).toHaveLength(1));
    const [input, sent] = bridge.callsOf('addAccount')[0]!;
    expect(sent).toBe('s3cr3t-value');
    expect(JSON.stringify(input)).not.toContain('s3cr3t-value');
  });

  it('editing an account with a stored secret says so, keeps it when the field stays empty, and keeps managed-login settings', async () => {
    const hostedUi = {
      domain: 'https://acme.auth.eu-west-1.amazoncognito.com',
      scopes: ['openid'],
      identityProvider: 'Google',
      redirectPort: 53682,
      redirectPath: '/callback',
    };
    const { bridge, user } = renderWithBridge(<AccountFormScreen name="acme-dev" navigate={vi.fn()} />, {
      getAccount: () => account({ hasClientSecret: true, hostedUi }),
      updateAccount: (_n, input) => account({ name: input.name, hasClientSecret: true }),
    });
    await waitFor(() => expect(screen.getByLabelText('Account name')).toHaveValue('acme-dev'));
    expect(screen.getByLabelText('App client secret')).toHaveValue('');
    expect(screen.getByText(/A secret is stored in the keychain — leave this empty to keep it/)).toBeInTheDocument();
    expect(screen.getByText(/Signs in through managed login at/)).toHaveTextContent('with Google');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(bridge.callsOf('updateAccount')).toHaveLength(1));
    const call = bridge.callsOf('updateAccount')[0]!;
    expect(call).toHaveLength(2);
    expect(call[1]).toEqual(expect.objectContaining({ hostedUi }));
  });

  it('choice-based sign-in: the preferred first factor appears with it, is sent with it, and is dropped for another method', async () => {
    const { bridge, user } = renderWithBridge(<AccountFormScreen navigate={vi.fn()} />, { addAccount: (input) => account({ name: input.name }) });
    await fillValid(user);
    expect(screen.queryByLabelText('Preferred first factor')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Sign-in method'), 'user-auth');
    const factor = screen.getByLabelText('Preferred first factor');
    expect(factor).toHaveValue('');
    expect(factor).toHaveAccessibleDescription('What sign-in asks for first. Each sign-in can still choose another way.');
    expect([...(factor as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      'Ask each time (the pool offers its choice)',
      'Password',
      'Code by e-mail',
      'Code by text message',
      'Passkey',
    ]);
    await user.selectOptions(factor, 'email-code');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(bridge.callsOf('addAccount')).toHaveLength(1));
    expect(bridge.callsOf('addAccount')[0]![0]).toMatchObject({ authFlow: 'user-auth', firstFactor: 'email-code' });

    await user.selectOptions(screen.getByLabelText('Sign-in method'), 'srp');
    expect(screen.queryByLabelText('Preferred first factor')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(bridge.callsOf('addAccount')).toHaveLength(2));
    expect(bridge.callsOf('addAccount')[1]![0]).toMatchObject({ authFlow: 'srp' });
    expect(bridge.callsOf('addAccount')[1]![0]).not.toHaveProperty('firstFactor');
  });

  it('choice-based sign-in with no preference sends no first factor; editing shows the stored one', async () => {
    const { bridge, user } = renderWithBridge(<AccountFormScreen name="acme-dev" navigate={vi.fn()} />, {
      getAccount: () => account({ authFlow: 'user-auth', firstFactor: 'passkey' }),
      updateAccount: (_n, input) => account({ name: input.name }),
    });
    await waitFor(() => expect(screen.getByLabelText('Sign-in method')).toHaveValue('user-auth'));
    expect(screen.getByLabelText('Preferred first factor')).toHaveValue('passkey');
    await user.selectOptions(screen.getByLabelText('Preferred first factor'), '');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(bridge.callsOf('updateAccount')).toHaveLength(1));
    const sent = bridge.callsOf('updateAccount')[0]![1];
    expect(sent).toMatchObject({ authFlow: 'user-auth' });
    expect(sent).not.toHaveProperty('firstFactor');
  });
});
