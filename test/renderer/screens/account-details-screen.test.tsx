import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AccountView, ProfileView } from '../../../main/contract/app-api.js';
import { AccountDetailsScreen } from '../../../renderer/src/screens/account-details-screen.js';
import { roleReason } from '../../../renderer/src/screens/roles-section.js';
import { Refusal } from '../support/fake-bridge.js';
import { ADMIN_ROLE, DEV_ROLE, account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

function world() {
  let current: AccountView = account({ session: signedInSession(), profiles: ['acme-dev'] });
  const profiles: ProfileView[] = [{ name: 'acme-dev', account: 'acme-dev', region: 'eu-west-1', effective: true }];
  return {
    getAccount: () => current,
    listProfiles: () => profiles,
    getMfaStatus: () => ({ enabled: ['SOFTWARE_TOKEN_MFA' as const], preferred: 'SOFTWARE_TOKEN_MFA' as const }),
    setDefaultRole: (_name: string, arn: string | null) => {
      current = {
        ...current,
        defaultRoleArn: arn ?? undefined,
        session: { ...current.session, activeRoleArn: arn ?? ADMIN_ROLE, activeRoleReason: arn ? 'your default role' : 'preferred role of group admins' },
      };
      return current;
    },
    addProfile: (acct: string, roleArn: string, name?: string) => {
      const p: ProfileView = { name: name ?? `${acct}-developer`, account: acct, roleArn, region: 'eu-west-1', effective: true };
      profiles.push(p);
      return p;
    },
    removeProfile: (name: string) => {
      profiles.splice(
        profiles.findIndex((p) => p.name === name),
        1,
      );
    },
  };
}

describe('AccountDetailsScreen', () => {
  it('shows groups by precedence, roles with the preferred one marked and why, custom attributes and e-mail', async () => {
    renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, world());
    const groups = await screen.findByRole('table', { name: 'Groups of alice' });
    const rows = within(groups)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['admins1', 'developers5']);
    const admin = screen.getByRole('radio', { name: /acme-admin/ });
    expect(within(admin.closest('label')!).getByText('Preferred')).toBeInTheDocument();
    expect(within(admin.closest('label')!).getByText(/Preferred role: group admins \(precedence 1\) has the best \(lowest\) precedence/)).toBeInTheDocument();
    const dev = screen.getByRole('radio', { name: /acme-developer/ });
    expect(within(dev.closest('label')!).queryByText('Preferred')).toBeNull();
    expect(within(dev.closest('label')!).getByText(/Granted by group developers \(precedence 5\); used when you choose it/)).toBeInTheDocument();
    expect(screen.getByText('custom:tenant')).toBeInTheDocument();
    expect(screen.getByText('acme')).toBeInTheDocument();
    expect(screen.getByText('alice@example.com')).toBeInTheDocument();
    expect(screen.getByText(/Credentials now use/)).toHaveTextContent('Credentials now use acme-admin — preferred role of group admins.');
  });

  it('chooses a default role with the keyboard and shows the role credentials now use', async () => {
    const { bridge, user } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, world());
    const dev = await screen.findByRole('radio', { name: /acme-developer/ });
    const save = screen.getByRole('button', { name: 'Use as default role' });
    expect(save).toBeDisabled();
    await user.click(dev);
    expect(save).toBeEnabled();
    await user.click(save);
    expect(await screen.findByText('Default role is now acme-developer. New credentials use it.')).toBeInTheDocument();
    expect(bridge.callsOf('setDefaultRole')).toEqual([['acme-dev', DEV_ROLE]]);
    await waitFor(() => expect(screen.getByText(/Credentials now use/)).toHaveTextContent('acme-developer — your default role'));
    await user.click(screen.getByRole('radio', { name: /No default/ }));
    await user.click(screen.getByRole('button', { name: 'Use as default role' }));
    expect(await screen.findByText('No default role: the pool decides (the preferred role).')).toBeInTheDocument();
    expect(bridge.callsOf('setDefaultRole')[1]).toEqual(['acme-dev', null]);
  });

  it('adds a profile for another role and removes one', async () => {
    const { bridge, user } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, world());
    const role = await screen.findByLabelText('Role');
    await user.selectOptions(role, DEV_ROLE);
    await user.type(screen.getByLabelText('Profile name'), 'acme-dev-ro');
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    expect(await screen.findByText('Added profile acme-dev-ro. Use it with --profile acme-dev-ro.')).toBeInTheDocument();
    expect(bridge.callsOf('addProfile')).toEqual([['acme-dev', DEV_ROLE, 'acme-dev-ro']]);
    const table = await screen.findByRole('table', { name: 'Profiles that use acme-dev' });
    await waitFor(() => expect(within(table).getByText('acme-dev-ro')).toBeInTheDocument());
    await user.click(within(table).getByRole('button', { name: 'Remove profile acme-dev-ro' }));
    await waitFor(() => expect(within(table).queryByText('acme-dev-ro')).toBeNull());
  });

  it('shows a refused role choice with what to do', async () => {
    const handlers = {
      ...world(),
      setDefaultRole: () => {
        throw new Refusal({ code: 'role-not-allowed', message: 'Your groups do not give you that role.', hint: 'Pick one of the roles listed.' });
      },
    };
    const { user } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, handlers);
    await user.click(await screen.findByRole('radio', { name: /acme-developer/ }));
    await user.click(screen.getByRole('button', { name: 'Use as default role' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your groups do not give you that role.Pick one of the roles listed.');
  });

  it('tells a signed-out person to sign in to see groups and roles', async () => {
    renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, { getAccount: () => account(), listProfiles: () => [] });
    expect(await screen.findByText('No groups known yet: sign in to see them.')).toBeInTheDocument();
    expect(screen.getByText('No roles known yet: sign in to see the roles your groups give you.')).toBeInTheDocument();
    expect(screen.getByText(/^Unknown until sign-in: Cognito tells only a signed-in user which factors are on/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/unknown until sign-in/i).filter((el) => el.closest('.card')?.querySelector('h2')?.textContent === 'Multi-factor authentication'),
    ).toHaveLength(1);
  });

  it('states MFA once, as Cognito reports it for the user, with nothing that contradicts it', async () => {
    const { bridge } = renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, world());
    const mfa = (await screen.findByRole('heading', { name: 'Multi-factor authentication' })).closest('.card') as HTMLElement;
    await waitFor(() => expect(within(mfa).getByText('Factors on').nextElementSibling).toHaveTextContent('Authenticator app'));
    expect(within(mfa).getByText('Preferred').nextElementSibling).toHaveTextContent('Authenticator app');
    expect(screen.queryByText(/not reported/i)).toBeNull();
    // No other card states an MFA fact of its own (the User card used to guess one from the session).
    const user = screen.getByRole('heading', { name: 'User' }).closest('.card') as HTMLElement;
    expect(within(user).queryByText(/MFA|factor|authenticator/i)).toBeNull();
    expect(screen.getAllByRole('heading', { name: 'Multi-factor authentication' })).toHaveLength(1);
    expect(bridge.callsOf('getMfaStatus')).toEqual([['acme-dev']]);
  });

  it('shows group precedence the pool told (1, 5, 10), best first', async () => {
    const groups = [
      { name: 'readonly', precedence: 10 },
      { name: 'admins', precedence: 1 },
      { name: 'developers', precedence: 5 },
    ];
    renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, {
      ...world(),
      getAccount: () => account({ session: signedInSession(Date.now(), { groups }) }),
    });
    const table = await screen.findByRole('table', { name: 'Groups of alice' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.children].map((c) => c.textContent)),
    ).toEqual([
      ['admins', '1'],
      ['developers', '5'],
      ['readonly', '10'],
    ]);
  });

  it('says plainly when the pool did not tell a group precedence, never "none"', async () => {
    const groups = [{ name: 'admins' }, { name: 'developers' }, { name: 'readonly' }];
    renderWithBridge(<AccountDetailsScreen name="acme-dev" navigate={vi.fn()} />, {
      ...world(),
      getAccount: () => account({ session: signedInSession(Date.now(), { groups, roles: [] }) }),
    });
    const table = await screen.findByRole('table', { name: 'Groups of alice' });
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.children[1]?.textContent);
    expect(cells).toEqual(['not told by the pool', 'not told by the pool', 'not told by the pool']);
    expect(within(table).queryByText('none')).toBeNull();
  });

  it('explains a role chosen as the default, and one granted by several groups', () => {
    expect(roleReason({ arn: DEV_ROLE, groups: [], preferred: false }, DEV_ROLE)).toBe('Your default role: asked for by name on every sign-in.');
    expect(roleReason({ arn: DEV_ROLE, groups: [{ name: 'b', precedence: 3 }, { name: 'a' }], preferred: false }, undefined)).toBe(
      'Granted by groups b (precedence 3), a; used when you choose it.',
    );
  });
});
