import { render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { ClockWarning } from '../../../renderer/src/components/clock-warning.js';
import { AccountsScreen } from '../../../renderer/src/screens/accounts-screen.js';
import { account, signedInSession } from '../support/fixtures.js';
import { renderWithBridge } from '../support/render-app.js';

const MIN = 60_000;
const WARNING =
  "This computer's clock is 10 minutes ahead of AWS's: turn on automatic date and time in your system settings, or AWS may refuse requests signed on this computer.";

describe('the clock warning', () => {
  it('an account whose clock is off shows the one sentence from the core, as a note in its card', async () => {
    const now = Date.now();
    renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [
        account({ session: signedInSession(now, { clock: { offsetMs: -10 * MIN, checkedAt: new Date(now).toISOString(), warning: WARNING } }) }),
        account({ name: 'globex', session: signedInSession(now, { clock: { offsetMs: 800, checkedAt: new Date(now).toISOString() } }) }),
      ],
    });
    const acme = await screen.findByRole('listitem', { name: 'acme-dev' });
    const note = within(acme).getByRole('note');
    expect(note).toHaveTextContent(WARNING);
    expect(note).toHaveClass('note-warn');
    const globex = screen.getByRole('listitem', { name: 'globex' });
    expect(within(globex).queryByRole('note')).toBeNull();
    // The note adds no accessibility violation to the card (colour contrast is left to the browser e2e run).
    const result = await axe.run(acme, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it("counts credentials down by AWS's clock: 42 minutes by AWS are 42 minutes, whatever this clock says", async () => {
    const now = Date.now();
    // Expiration is AWS's time. This clock is 10 minutes ahead (offset -10 min): by AWS's clock 42 min are left.
    const awsNow = now - 10 * MIN;
    renderWithBridge(<AccountsScreen navigate={vi.fn()} />, {
      listAccounts: () => [
        account({
          session: signedInSession(now, {
            credentialsExpireAt: new Date(awsNow + 42 * MIN + 5_000).toISOString(),
            clock: { offsetMs: -10 * MIN, checkedAt: new Date(now).toISOString(), warning: WARNING },
          }),
        }),
      ],
    });
    const acme = await screen.findByRole('listitem', { name: 'acme-dev' });
    expect(within(acme).getByText(/^expire in 42 min 0\d s$/)).toBeInTheDocument();
  });

  it('renders nothing without a warning', () => {
    const { container } = render(<ClockWarning clock={{ offsetMs: 1_000, checkedAt: new Date().toISOString() }} />);
    expect(container).toBeEmptyDOMElement();
    const none = render(<ClockWarning clock={undefined} />);
    expect(none.container).toBeEmptyDOMElement();
  });
});
