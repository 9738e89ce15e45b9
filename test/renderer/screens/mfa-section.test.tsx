import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MfaStatus } from '../../../main/contract/app-api.js';
import { MfaSection } from '../../../renderer/src/screens/mfa-section.js';
import { Refusal } from '../support/fake-bridge.js';
import { renderWithBridge } from '../support/render-app.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('MfaSection', () => {
  it('enrols TOTP: QR drawn locally, key in groups, first code verified, and the seed gone afterwards', async () => {
    let status: MfaStatus = { enabled: [] };
    let attempts = 0;
    const { bridge, user, container } = renderWithBridge(<MfaSection name="acme-dev" />, {
      getMfaStatus: () => status,
      startTotpEnrolment: () => ({ secret: SECRET, otpauthUri: `otpauth://totp/acme:alice?secret=${SECRET}&issuer=acme` }),
      verifyTotpEnrolment: () => {
        if (attempts++ === 0)
          throw new Refusal({ code: 'code-mismatch', message: 'That code is not the one your app shows now.', hint: 'Type the code your app shows now.' });
        status = { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' };
        return status;
      },
    });
    expect(await screen.findByText('None')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    const qr = await screen.findByRole('img', { name: 'QR code to scan with your authenticator app' });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    expect(container.querySelector('img[src]')).toBeNull();
    expect(screen.getByLabelText('Key to type into the app')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    const code = screen.getByLabelText('First code from the app');
    expect(code).toHaveFocus();
    await user.type(code, '111111{Enter}');
    expect(await screen.findByText('That code is not the one your app shows now.')).toBeInTheDocument();
    expect(screen.getByLabelText('First code from the app')).toHaveValue('');
    await user.type(screen.getByLabelText('First code from the app'), '222222{Enter}');
    expect(await screen.findByText('Authenticator app is on. Sign-ins now ask for its code.')).toBeInTheDocument();
    expect(bridge.callsOf('verifyTotpEnrolment')).toEqual([
      ['acme-dev', '111111'],
      ['acme-dev', '222222'],
    ]);
    expect(container.innerHTML).not.toContain('JBSW');
    expect(container.innerHTML).not.toContain('otpauth');
    expect(container.querySelector('svg.qr')).toBeNull();
    expect(screen.getByRole('button', { name: 'Turn off authenticator app' })).toBeInTheDocument();
  });

  it('cancelling enrolment drops the seed', async () => {
    const { user, container } = renderWithBridge(<MfaSection name="acme-dev" />, {
      getMfaStatus: () => ({ enabled: [] }),
      startTotpEnrolment: () => ({ secret: SECRET, otpauthUri: `otpauth://totp/acme:alice?secret=${SECRET}` }),
    });
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    await screen.findByLabelText('Key to type into the app');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(container.innerHTML).not.toContain('JBSW');
    expect(container.querySelector('svg.qr')).toBeNull();
  });

  it('turns TOTP off only after confirming', async () => {
    const { bridge, user } = renderWithBridge(<MfaSection name="acme-dev" />, {
      getMfaStatus: () => ({ enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' }),
      disableTotp: () => ({ enabled: [] }),
    });
    await user.click(await screen.findByRole('button', { name: 'Turn off authenticator app' }));
    const dialog = screen.getByRole('alertdialog');
    expect(bridge.callsOf('disableTotp')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Keep it on' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Turn off authenticator app' }));
    const turnOff = within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Turn it off' });
    expect(turnOff).toHaveFocus();
    await user.click(turnOff);
    expect(await screen.findByText('Authenticator app is off for this user.')).toBeInTheDocument();
    expect(bridge.callsOf('disableTotp')).toEqual([['acme-dev']]);
    expect(screen.getByRole('button', { name: 'Set up an authenticator app' })).toBeInTheDocument();
  });

  it('chooses the preferred factor among the enabled ones', async () => {
    const { bridge, user } = renderWithBridge(<MfaSection name="acme-dev" />, {
      getMfaStatus: () => ({ enabled: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'], preferred: 'SOFTWARE_TOKEN_MFA' }),
      setPreferredMfa: (_n, type) => ({ enabled: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'], preferred: type }),
    });
    const group = await screen.findByRole('group', { name: 'Preferred factor' });
    const save = screen.getByRole('button', { name: 'Use as preferred factor' });
    expect(save).toBeDisabled();
    await user.click(within(group).getByRole('radio', { name: 'E-mail code' }));
    await user.click(save);
    expect(await screen.findByText('E-mail code is now the factor Cognito asks for first.')).toBeInTheDocument();
    expect(bridge.callsOf('setPreferredMfa')).toEqual([['acme-dev', 'EMAIL_OTP']]);
    await waitFor(() => expect(screen.getByText('Preferred').nextElementSibling).toHaveTextContent('E-mail code'));
  });

  it('a refused status read is shown in words', async () => {
    renderWithBridge(<MfaSection name="acme-dev" />, {
      getMfaStatus: () => {
        throw new Refusal({ code: 'not-signed-in', message: 'acme-dev is not signed in.', hint: 'Sign in first, then manage MFA.' });
      },
    });
    expect(await screen.findByText('acme-dev is not signed in.')).toBeInTheDocument();
    expect(screen.getByText('Sign in first, then manage MFA.')).toBeInTheDocument();
  });
});
