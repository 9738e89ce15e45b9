import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ActivityScreen } from '../../../renderer/src/screens/activity-screen.js';
import { renderWithBridge } from '../support/render-app.js';

describe('ActivityScreen', () => {
  it('lists the log newest first, failures marked in words, live entries on top', async () => {
    const { bridge, user } = renderWithBridge(<ActivityScreen />, {
      listActivity: () => [
        { at: '2026-11-20T08:00:00.000Z', account: 'acme-dev', kind: 'sign-in', message: 'Signed in as alice.' },
        { at: '2026-11-20T09:30:00.000Z', account: 'acme-dev', kind: 'sign-in-failed', message: 'Wrong password for alice.' },
        { at: '2026-11-20T09:00:00.000Z', account: 'globex', kind: 'refresh', message: 'Refreshed credentials.' },
      ],
    });
    const list = await screen.findByRole('list', { name: 'Activity, newest first' });
    const items = () =>
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.activity-message')?.textContent);
    expect(items()).toEqual(['Wrong password for alice.', 'Refreshed credentials.', 'Signed in as alice.']);
    expect(within(list).getByText('Sign-in failed')).toBeInTheDocument();
    act(() => bridge.emit('activity', { at: '2026-11-20T10:00:00.000Z', account: 'acme-dev', kind: 'sign-out', message: 'Signed out.' }));
    expect(items()[0]).toBe('Signed out.');
    await user.click(screen.getByLabelText('Only failures'));
    expect(items()).toEqual(['Wrong password for alice.']);
    expect(bridge.callsOf('listActivity')).toEqual([[200]]);
  });

  it('says when there is nothing yet', async () => {
    renderWithBridge(<ActivityScreen />, { listActivity: () => [] });
    expect(await screen.findByText('Nothing yet.')).toBeInTheDocument();
  });
});
