import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EndpointSection } from '../../../renderer/src/screens/endpoint-section.js';
import { Refusal } from '../support/fake-bridge.js';
import { renderWithBridge } from '../support/render-app.js';

const VARIABLES = {
  url: 'http://127.0.0.1:41234/credentials/acme-dev',
  tokenFile: '/home/me/.config/Cognito Broker/endpoint/app/acme-dev.token',
  shell:
    'export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:41234/credentials/acme-dev\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat \'/home/me/.config/Cognito Broker/endpoint/app/acme-dev.token\')"\n',
};

describe('EndpointSection', () => {
  it('shows the endpoint URL, the token file and the lines to copy for the account', async () => {
    const { bridge, user } = renderWithBridge(<EndpointSection name="acme-dev" />, { endpointVariables: () => VARIABLES });
    await user.click(screen.getByRole('button', { name: 'Copy endpoint variables' }));
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(VARIABLES.url);
    expect(status).toHaveTextContent(VARIABLES.tokenFile);
    expect(status).toHaveTextContent('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
    expect(bridge.callsOf('endpointVariables')).toEqual([['acme-dev']]);
  });

  it('says how to start an endpoint when none serves the account', async () => {
    const { user } = renderWithBridge(<EndpointSection name="acme-dev" />, {
      endpointVariables: () => {
        throw new Refusal({
          code: 'invalid-argument',
          message: 'No credentials endpoint is serving acme-dev right now.',
          hint: 'Run `cognito-broker serve acme-dev`.',
        });
      },
    });
    await user.click(screen.getByRole('button', { name: 'Copy endpoint variables' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No credentials endpoint is serving acme-dev right now.Run `cognito-broker serve acme-dev`.');
  });
});
