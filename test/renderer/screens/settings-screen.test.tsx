import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../main/contract/app-api.js';
import { SettingsScreen } from '../../../renderer/src/screens/settings-screen.js';
import { renderWithBridge } from '../support/render-app.js';

const initial: Settings = {
  activeProfileName: 'cognito-broker',
  allowDefaultProfile: false,
  notificationLeadMinutes: 10,
  launchAtLogin: false,
  startHidden: false,
  handOff: 'window',
};

function handlers() {
  let current = { ...initial };
  return {
    getSettings: () => current,
    setSettings: (patch: Partial<Settings>) => (current = { ...current, ...patch }),
  };
}

describe('SettingsScreen', () => {
  it('shows the current settings, each control labelled', async () => {
    renderWithBridge(<SettingsScreen />, handlers());
    expect(await screen.findByLabelText('Active profile name')).toHaveValue('cognito-broker');
    expect(screen.getByLabelText('Let the broker manage the default profile')).not.toBeChecked();
    expect(screen.getByLabelText('Warn before expiry (minutes)')).toHaveValue(10);
    expect(screen.getByLabelText('Start Cognito Broker when I log in')).not.toBeChecked();
    expect(screen.getByLabelText('When a command line tool needs a sign-in')).toHaveValue('window');
  });

  it('refuses "default" until the person allows it, then saves', async () => {
    const { bridge, user } = renderWithBridge(<SettingsScreen />, handlers());
    const name = await screen.findByLabelText('Active profile name');
    await user.clear(name);
    await user.type(name, 'default');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByRole('alert')).toHaveTextContent('To use the name "default", first allow the broker to manage the default profile.');
    expect(bridge.callsOf('setSettings')).toHaveLength(0);
    await user.click(screen.getByLabelText('Let the broker manage the default profile'));
    await user.click(screen.getByLabelText('Start Cognito Broker when I log in'));
    const lead = screen.getByLabelText('Warn before expiry (minutes)');
    await user.clear(lead);
    await user.type(lead, '15');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(bridge.callsOf('setSettings')[0]![0]).toMatchObject({
      activeProfileName: 'default',
      allowDefaultProfile: true,
      launchAtLogin: true,
      notificationLeadMinutes: 15,
    });
  });

  it('refuses a lead time that is not a whole number of minutes', async () => {
    const { bridge, user } = renderWithBridge(<SettingsScreen />, handlers());
    const lead = await screen.findByLabelText('Warn before expiry (minutes)');
    await user.clear(lead);
    await user.type(lead, '500');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('0 to 120 whole minutes'));
    expect(bridge.callsOf('setSettings')).toHaveLength(0);
  });
});
