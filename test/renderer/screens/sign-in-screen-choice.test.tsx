import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SignInProgress, SignInStep } from '../../../main/contract/app-api.js';
import { FIRST_FACTOR_LABELS, SEND_NEW_CODE } from '../../../main/contract/sign-in-method.js';
import { SignInScreen } from '../../../renderer/src/screens/sign-in-screen.js';
import { Refusal, type Handlers } from '../support/fake-bridge.js';
import { account } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';
import { done, FLOW, progress, scriptedSignIn } from '../support/scripted-sign-in.js';

const emailCode = (canResend = true): SignInStep => ({ kind: 'email-code', destination: 'a***@e***.com', canResend });

/** A choice-based account whose flow starts with `first` and answers with `steps`, in order. */
function choiceBased(first: SignInStep, steps: (SignInProgress | Refusal)[], extra: Handlers = {}): Handlers {
  return scriptedSignIn(first, steps, { getAccount: () => account({ authFlow: 'user-auth' }), ...extra });
}

describe('SignInScreen, choice-based (USER_AUTH) accounts', () => {
  it('asks for the username alone, focused; Continue starts without a method and the pool offers its choice', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'select-factor', options: ['password', 'email-code'] }, []),
    );
    const username = await screen.findByLabelText('Username');
    await waitFor(() => expect(username).toHaveFocus());
    expect(username).toHaveValue('alice');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    expect(screen.getByText('Continue shows the ways your pool offers to sign in.')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Choose how to sign in' });
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'alice']]);
  });

  it('starts with a chosen method from its link: a code by e-mail', async () => {
    const { bridge, user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, choiceBased(emailCode(), []));
    const links = await screen.findByRole('group', { name: 'Other ways to sign in' });
    expect(links).toHaveTextContent(/Sign in with your password.*Sign in with a code by e-mail.*Sign in with a code by text message.*Sign in with a passkey/);
    await user.click(screen.getByRole('button', { name: 'Sign in with a code by e-mail' }));
    await screen.findByRole('heading', { name: 'E-mail code' });
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'alice', 'email-code']]);
  });

  it('a preferred first factor is what Continue uses, so its own link is not repeated', async () => {
    renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased(emailCode(), [], { getAccount: () => account({ authFlow: 'user-auth', firstFactor: 'email-code' }) }),
    );
    expect(await screen.findByText('Continue uses your preferred way to sign in: Code by e-mail.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with a code by e-mail' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in with a passkey' })).toBeInTheDocument();
  });

  it('refuses to start without a username and says so next to the field', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased(emailCode(), [], { getAccount: () => account({ authFlow: 'user-auth', username: undefined }) }),
    );
    const username = await screen.findByLabelText('Username');
    await user.click(screen.getByRole('button', { name: 'Sign in with a code by text message' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your username.');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(bridge.callsOf('signInStart')).toHaveLength(0);
  });

  it('select-factor: the offered factors as radio buttons, chosen with arrow keys, answered with the factor', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'select-factor', options: ['password', 'email-code', 'passkey'] }, [progress(emailCode()), done()]),
    );
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    const group = await screen.findByRole('group', { name: 'Sign in with' });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.closest('label')?.querySelector('.choice-title')?.textContent)).toEqual([
      FIRST_FACTOR_LABELS.password,
      FIRST_FACTOR_LABELS['email-code'],
      FIRST_FACTOR_LABELS.passkey,
    ]);
    expect(group).not.toHaveTextContent(FIRST_FACTOR_LABELS['sms-code']);
    await waitFor(() => expect(radios[0]).toHaveFocus());
    expect(radios[0]).toBeChecked();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: /Code by e-mail/ })).toBeChecked();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'E-mail code' });
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, 'email-code']]);
  });

  it('code by e-mail: shows the masked destination, sends a new code on request and says so, then takes the code', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased(emailCode(), [progress(emailCode()), done()], { getAccount: () => account({ authFlow: 'user-auth', firstFactor: 'email-code' }) }),
    );
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('We sent a code by e-mail to a***@e***.com.')).toBeInTheDocument();
    const field = screen.getByLabelText('Code from the e-mail');
    await waitFor(() => expect(field).toHaveFocus());
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByRole('status')).toHaveTextContent('A new code is on its way to a***@e***.com.');
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, SEND_NEW_CODE]]);
    await waitFor(() => expect(screen.getByLabelText('Code from the e-mail')).toHaveFocus());
    await user.keyboard('123456{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')).toEqual([
      [FLOW, SEND_NEW_CODE],
      [FLOW, '123456'],
    ]);
  });

  it('an MFA code after a password (no canResend) offers no new code', async () => {
    const { user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, choiceBased(emailCode(false), []));
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'E-mail code' });
    expect(screen.queryByRole('button', { name: 'Send a new code' })).not.toBeInTheDocument();
  });

  it('code by text message with canResend offers a new code too', async () => {
    const { user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'sms-code', destination: '+*******1234', canResend: true }, []),
    );
    await user.click(await screen.findByRole('button', { name: 'Sign in with a code by text message' }));
    expect(await screen.findByText('We sent a code by text message to +*******1234.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send a new code' })).toBeInTheDocument();
  });

  it('remember-device: says what remembering means, answers yes with the focused button', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'select-factor', options: ['password'] }, [progress({ kind: 'remember-device' }), done()]),
    );
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    const group = await screen.findByRole('group', { name: 'Remember this computer?' });
    expect(group).toHaveAccessibleDescription(/later sign-ins on this computer can skip the second factor \(MFA\)/);
    const yes = screen.getByRole('button', { name: 'Remember this computer' });
    await waitFor(() => expect(yes).toHaveFocus());
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')).toEqual([
      [FLOW, 'password'],
      [FLOW, 'yes'],
    ]);
  });

  it("remember-device: Don't remember it answers no", async () => {
    const { bridge, user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, choiceBased({ kind: 'remember-device' }, [done()]));
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: "Don't remember it" }));
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, 'no']]);
  });

  it('a password chosen from the choice is asked with the username fixed, then answered', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'select-factor', options: ['password', 'email-code'] }, [progress({ kind: 'password', username: 'alice' }), done()]),
    );
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    const password = await screen.findByLabelText('Password');
    expect(screen.getByLabelText('Username')).toHaveAttribute('readonly');
    await waitFor(() => expect(password).toHaveFocus());
    await user.keyboard('Corr3ct-horse!{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'alice']]);
    expect(bridge.callsOf('signInAnswer')).toEqual([
      [FLOW, 'password'],
      [FLOW, 'Corr3ct-horse!'],
    ]);
  });

  it('a passkey continues in the browser step and waits for it', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'browser', url: 'https://acme.auth.example/oauth2/authorize?code_challenge=x' }, [done()]),
    );
    await user.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'alice', 'passkey']]);
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, '']]);
  });

  it('with managed login, still starts with the username; a passkey chosen from the pool’s choice restarts as a browser sign-in', async () => {
    const hostedUi = { domain: 'https://acme.auth.example', scopes: ['openid'], redirectPort: 53682, redirectPath: '/callback' };
    const browserStep: SignInStep = { kind: 'browser', url: 'https://acme.auth.example/oauth2/authorize?code_challenge=x' };
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased({ kind: 'select-factor', options: ['password', 'passkey'] }, [done()], {
        getAccount: () => account({ authFlow: 'user-auth', hostedUi }),
        signInStart: (_n, _u, method) => progress(method === 'passkey' ? browserStep : { kind: 'select-factor', options: ['password', 'passkey'] }),
      }),
    );
    const username = await screen.findByLabelText('Username');
    await user.clear(username);
    await user.type(username, 'bob{Enter}');
    await screen.findByRole('group', { name: 'Sign in with' });
    await user.keyboard('{ArrowDown}{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInStart')).toEqual([
      ['acme-dev', 'bob'],
      ['acme-dev', 'bob', 'passkey'],
    ]);
    expect(bridge.callsOf('signInCancel')).toEqual([[FLOW]]);
    // The only answer sent is the browser step's wait; the passkey choice itself never went to the abandoned flow.
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, '']]);
  });

  it('a refused start is shown as a sentence and the username form stays', async () => {
    const { user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      choiceBased(emailCode(), [], {
        signInStart: () => {
          throw new Refusal({ code: 'auth-failed', message: 'The pool does not offer a code by e-mail to this user.', hint: 'Choose another way to sign in.' });
        },
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Sign in with a code by e-mail' }));
    expect(await screen.findByText('The pool does not offer a code by e-mail to this user.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in with a passkey' })).toBeInTheDocument();
  });

  it('an SRP account still starts with username and password', async () => {
    renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, choiceBased(emailCode(), [], { getAccount: () => account() }));
    expect(await screen.findByLabelText('Password')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Other ways to sign in' })).not.toBeInTheDocument();
  });
});
