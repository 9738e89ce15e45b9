import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SignInProgress } from '../../../main/contract/app-api.js';
import { SignInScreen } from '../../../renderer/src/screens/sign-in-screen.js';
import { Refusal, type Handlers } from '../support/fake-bridge.js';
import { account } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';
import { done, FLOW, progress, scriptedSignIn } from '../support/scripted-sign-in.js';

/** A password account's flow whose answers are scripted: `steps[i]` answers the i-th answer. */
const scripted = (steps: (SignInProgress | Refusal)[], extra: Handlers = {}): Handlers => scriptedSignIn({ kind: 'password', username: 'alice' }, steps, extra);

async function signInWithPassword(user: ReturnType<typeof renderWithBridge>['user']) {
  const password = await screen.findByLabelText('Password');
  await waitFor(() => expect(password).toHaveFocus());
  await user.type(password, 'Corr3ct-horse!');
  await user.keyboard('{Enter}');
}

describe('SignInScreen', () => {
  it('starts with the known username, focuses the password and sends start then the password answer', async () => {
    const { bridge, user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, scripted([done()]));
    const username = await screen.findByLabelText('Username');
    await waitFor(() => expect(username).toHaveValue('alice'));
    await signInWithPassword(user);
    expect(await screen.findByRole('heading', { name: 'Signed in' })).toBeInTheDocument();
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'alice']]);
    expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, 'Corr3ct-horse!']]);
    expect(screen.getByRole('button', { name: 'Back to accounts' })).toHaveFocus();
    expect(screen.getByText(/role acme-admin/)).toBeInTheDocument();
  });

  it('the password field is already empty while its answer is being checked', async () => {
    let release: (value: SignInProgress) => void = () => undefined;
    const pending = new Promise<SignInProgress>((resolve) => (release = resolve));
    const { user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, scripted([], { signInAnswer: () => pending }));
    await signInWithPassword(user);
    // Still checking: the step has not moved on (no remount could have emptied the field for us).
    const field = screen.getByLabelText('Password');
    expect(field).toHaveValue('');
    expect(screen.queryByRole('heading', { name: 'Signed in' })).not.toBeInTheDocument();
    release(done());
    expect(await screen.findByRole('heading', { name: 'Signed in' })).toBeInTheDocument();
  });

  it('asks for the username first when the account has none', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([done()], { getAccount: () => account({ username: undefined }), signInStart: (_n, u) => progress({ kind: 'password', username: u ?? '' }) }),
    );
    const username = await screen.findByLabelText('Username');
    await waitFor(() => expect(username).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your username.');
    await user.type(username, 'bob');
    await user.tab();
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInStart')).toEqual([['acme-dev', 'bob']]);
  });

  it('TOTP: focuses the code, says why a wrong code was refused, clears and refocuses, then signs in', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'totp-code' }), progress({ kind: 'totp-code' }, 'That code is not right. Try the current code.'), done()]),
    );
    await signInWithPassword(user);
    const code = await screen.findByLabelText('Code from your authenticator app');
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.type(code, '12345');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Enter all 6 digits');
    await user.type(code, '6');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('That code is not right. Try the current code.')).toBeInTheDocument();
    const again = screen.getByLabelText('Code from your authenticator app');
    expect(again).toHaveValue('');
    expect(again).toHaveFocus();
    expect(again).toHaveAttribute('aria-invalid', 'true');
    await user.type(again, '654321{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer').map((a) => a[1])).toEqual(['Corr3ct-horse!', '123456', '654321']);
  });

  it('SMS code: shows the masked destination Cognito returned', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'sms-code', destination: '+*******0123' }), done()]),
    );
    await signInWithPassword(user);
    expect(await screen.findByText('We sent a code by text message to +*******0123.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code from the text message'), '111222{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')[1]).toEqual([FLOW, '111222']);
  });

  it('E-mail code: shows the masked address and ignores non-digits typed into the code', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'email-code', destination: 'a***@e***.com' }), done()]),
    );
    await signInWithPassword(user);
    expect(await screen.findByText('We sent a code by e-mail to a***@e***.com.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code from the e-mail'), '12 34-56{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')[1]).toEqual([FLOW, '123456']);
  });

  it('select factor: offers the options in words and answers with the chosen type', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'select-mfa', options: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'] }), progress({ kind: 'sms-code', destination: '+***9' }), done()]),
    );
    await signInWithPassword(user);
    const app = await screen.findByRole('radio', { name: /Authenticator app/ });
    expect(app).toHaveFocus();
    expect(app).toBeChecked();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: /Text message/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByLabelText('Code from the text message');
    expect(bridge.callsOf('signInAnswer')[1]).toEqual([FLOW, 'SMS_MFA']);
  });

  it('TOTP enrolment: draws the QR code locally, shows the key in groups, and forgets the seed once enrolled', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const { user, container } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'mfa-setup', secret, otpauthUri: `otpauth://totp/acme:alice?secret=${secret}&issuer=acme` }), done()]),
    );
    await signInWithPassword(user);
    const qr = await screen.findByRole('img', { name: 'QR code to scan with your authenticator app' });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    expect(qr.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(container.querySelector('img[src^="http"], img[src^="data:"]')).toBeNull();
    expect(screen.getByLabelText('Key to type into the app')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    const code = screen.getByLabelText('First code from the app');
    expect(code).toHaveFocus();
    await user.type(code, '246810{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(container.innerHTML).not.toContain('JBSW');
    expect(container.innerHTML).not.toContain('otpauth');
    expect(container.querySelector('svg.qr')).toBeNull();
  });

  it('new password: shows the pool policy live as the person types and refuses a mismatch before sending', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([
        progress({
          kind: 'new-password',
          requiredAttributes: [],
          policy: { minimumLength: 10, requireUppercase: true, requireNumbers: true, requireSymbols: true, requireLowercase: true },
        }),
        done(),
      ]),
    );
    await signInWithPassword(user);
    const pw = await screen.findByLabelText('New password');
    expect(pw).toHaveFocus();
    const rules = screen.getByRole('list', { name: 'Password rules' });
    expect(within(rules).getAllByText(/not yet/)).toHaveLength(5);
    await user.type(pw, 'abcDEF');
    expect(within(rules).getAllByText(/: met/)).toHaveLength(2);
    await user.type(pw, '123!xy');
    expect(within(rules).queryAllByText(/not yet/)).toHaveLength(0);
    await user.type(screen.getByLabelText('New password again'), 'abcDEF123!xz{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('The two passwords are not the same.');
    expect(bridge.callsOf('signInAnswer')).toHaveLength(1);
    await user.clear(screen.getByLabelText('New password again'));
    await user.type(screen.getByLabelText('New password again'), 'abcDEF123!xy{Enter}');
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInAnswer')[1]).toEqual([FLOW, 'abcDEF123!xy']);
  });

  it('a failed flow says what happened and what to do, and Start over begins again', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'failed', message: 'Too many wrong codes for this sign-in.', hint: 'Wait a few minutes, then sign in again.' }), done()]),
    );
    await signInWithPassword(user);
    expect(await screen.findByText('Too many wrong codes for this sign-in.')).toBeInTheDocument();
    expect(screen.getByText('Wait a few minutes, then sign in again.')).toBeInTheDocument();
    const again = screen.getByRole('button', { name: 'Start over' });
    expect(again).toHaveFocus();
    await user.click(again);
    await signInWithPassword(user);
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(bridge.callsOf('signInStart')).toHaveLength(2);
    expect(bridge.callsOf('signInCancel')).toHaveLength(0);
  });

  it('an expired code offers Start over; too many attempts tells the person to wait', async () => {
    const { bridge, user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([
        progress({ kind: 'totp-code' }),
        new Refusal({ code: 'too-many-requests', message: 'Too many attempts.', hint: 'Wait a minute before you try again.' }),
        new Refusal({ code: 'code-expired', message: 'That code has expired.', hint: 'Start over to get a new one.' }),
      ]),
    );
    await signInWithPassword(user);
    await user.type(await screen.findByLabelText('Code from your authenticator app'), '111111{Enter}');
    expect(await screen.findByText('Too many attempts.')).toBeInTheDocument();
    expect(screen.getByText('Wait a minute before you try again.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start over' })).toBeNull();
    await user.type(screen.getByLabelText('Code from your authenticator app'), '222222{Enter}');
    expect(await screen.findByText('That code has expired.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start over' }));
    expect(bridge.callsOf('signInCancel')).toEqual([[FLOW]]);
    expect(await screen.findByLabelText('Password')).toBeInTheDocument();
  });

  it('a refused password shows the reason next to the password field and keeps the username fixed', async () => {
    const { user } = renderWithBridge(
      <SignInScreen name="acme-dev" navigate={vi.fn()} />,
      scripted([progress({ kind: 'password', username: 'alice' }, 'The username or password is not right.')]),
    );
    await signInWithPassword(user);
    expect(await screen.findByText('The username or password is not right.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('leaving mid-flow cancels the flow in the core', async () => {
    const navigate = vi.fn();
    const { bridge, user, unmount } = renderWithBridge(<SignInScreen name="acme-dev" navigate={navigate} />, scripted([progress({ kind: 'totp-code' })]));
    await signInWithPassword(user);
    await screen.findByLabelText('Code from your authenticator app');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'accounts' });
    unmount();
    await waitFor(() => expect(bridge.callsOf('signInCancel')).toEqual([[FLOW]]));
  });

  describe('managed login', () => {
    const URL_ = 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=client123&code_challenge=abc&state=xyz';
    const hosted = (identityProvider?: string) => ({
      domain: 'https://acme.auth.eu-west-1.amazoncognito.com',
      scopes: ['openid'],
      redirectPort: 53682,
      redirectPath: '/callback',
      ...(identityProvider ? { identityProvider } : {}),
    });

    it('offers "Sign in with <IdP>", shows the address as a fallback, waits for the browser and signs in', async () => {
      let release: (p: SignInProgress) => void = () => undefined;
      const { bridge, user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, {
        getAccount: () => account({ hostedUi: hosted('Google') }),
        signInStart: () => progress({ kind: 'browser', url: URL_, identityProvider: 'Google' }),
        signInAnswer: () => new Promise<SignInProgress>((resolve) => (release = resolve)),
        signInCancel: () => undefined,
      });
      const start = await screen.findByRole('button', { name: 'Sign in with Google' });
      await waitFor(() => expect(start).toHaveFocus());
      expect(screen.queryByLabelText('Password')).toBeNull();
      await user.keyboard('{Enter}');
      expect(await screen.findByRole('heading', { name: 'Continue in your browser' })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('href', URL_);
      expect(screen.getByLabelText('Sign-in address')).toHaveValue(URL_);
      expect(screen.getByRole('button', { name: 'Cancel sign-in' })).toHaveFocus();
      expect(bridge.callsOf('signInStart')).toEqual([['acme-dev']]);
      await waitFor(() => expect(bridge.callsOf('signInAnswer')).toEqual([[FLOW, '']]));
      release(done());
      expect(await screen.findByRole('heading', { name: 'Signed in' })).toBeInTheDocument();
      expect(bridge.callsOf('signInAnswer')).toHaveLength(1);
    });

    it('names "your organisation" without an IdP; cancelling ends the wait in the core', async () => {
      const navigate = vi.fn();
      const { bridge, user, unmount } = renderWithBridge(<SignInScreen name="acme-dev" navigate={navigate} />, {
        getAccount: () => account({ hostedUi: hosted() }),
        signInStart: () => progress({ kind: 'browser', url: URL_ }),
        signInAnswer: () => new Promise<SignInProgress>(() => undefined),
        signInCancel: () => undefined,
      });
      await user.click(await screen.findByRole('button', { name: 'Sign in with your organisation' }));
      expect(await screen.findByText(/sign-in page of your organisation/)).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }));
      expect(navigate).toHaveBeenCalledWith({ screen: 'accounts' });
      unmount();
      await waitFor(() => expect(bridge.callsOf('signInCancel')).toEqual([[FLOW]]));
    });

    it('a refused browser sign-in (wrong state, timeout) is shown in words and not waited for again', async () => {
      const { bridge, user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={vi.fn()} />, {
        getAccount: () => account({ hostedUi: hosted('Okta') }),
        signInStart: () => progress({ kind: 'browser', url: URL_, identityProvider: 'Okta' }),
        signInAnswer: () => {
          throw new Refusal({
            code: 'deadline',
            message: 'The browser sign-in did not finish within 5 minutes.',
            hint: 'Start over and finish signing in in the browser.',
          });
        },
        signInCancel: () => undefined,
      });
      await user.click(await screen.findByRole('button', { name: 'Sign in with Okta' }));
      expect(await screen.findByText('The browser sign-in did not finish within 5 minutes.')).toBeInTheDocument();
      expect(screen.getByText('Start over and finish signing in in the browser.')).toBeInTheDocument();
      await new Promise((r) => setTimeout(r, 50));
      expect(bridge.callsOf('signInAnswer')).toHaveLength(1);
    });
  });

  it('links to password reset and sign-up from the password step', async () => {
    const navigate = vi.fn();
    const { user } = renderWithBridge(<SignInScreen name="acme-dev" navigate={navigate} />, scripted([]));
    await user.click(await screen.findByRole('button', { name: 'Forgot your password?' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'forgot-password', name: 'acme-dev' });
    await user.click(screen.getByRole('button', { name: 'Create an account' }));
    expect(navigate).toHaveBeenCalledWith({ screen: 'sign-up', name: 'acme-dev' });
  });
});
