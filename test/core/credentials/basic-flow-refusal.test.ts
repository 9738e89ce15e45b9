import { InvalidParameterException, NotAuthorizedException } from '@aws-sdk/client-cognito-identity';
import { classicFlowRefused } from '../../../main/core/credentials/basic-flow.js';

/**
 * Unit test of one function: how AWS's two GetOpenIdToken refusals of the basic flow (documented in the
 * Cognito developer guide, "Identity pools authentication flow") become errors naming the setting to change.
 */
const account = { name: 'long', region: 'eu-west-1', userPoolId: 'eu-west-1_abc', identityPoolId: 'eu-west-1:1234', endpoints: undefined };

describe('classicFlowRefused', () => {
  it('names AllowClassicFlow when the pool has the basic flow turned off', () => {
    const error = classicFlowRefused(
      new InvalidParameterException({ message: 'Basic (classic) flow is not enabled, please use enhanced flow.', $metadata: {} }),
      account,
    );
    expect(error?.code).toBe('identity-pool');
    expect(error?.message).toBe('The identity pool of account long does not allow the basic (classic) flow that longer sessions need.');
    expect(error?.hint).toContain('"Basic (classic) authentication" (the AllowClassicFlow setting)');
  });

  it('names the role mappings when the pool maps roles', () => {
    const error = classicFlowRefused(
      new InvalidParameterException({ message: 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.', $metadata: {} }),
      account,
    );
    expect(error?.message).toBe(
      'The identity pool of account long maps roles, and AWS allows longer sessions (the basic flow) only on pools without role mappings.',
    );
    expect(error?.hint).toContain('AllowClassicFlow');
  });

  it('leaves other identity-pool errors to the general mapping', () => {
    expect(classicFlowRefused(new InvalidParameterException({ message: 'IdentityId is malformed', $metadata: {} }), account)).toBeUndefined();
    expect(classicFlowRefused(new NotAuthorizedException({ message: 'Token is expired', $metadata: {} }), account)).toBeUndefined();
  });
});
