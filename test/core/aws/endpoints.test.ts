import { describe, expect, it } from 'vitest';
import { identityProviderName, resolveEndpoint, userPoolIssuer } from '../../../main/core/aws/endpoints.js';

describe('resolveEndpoint', () => {
  const account = { endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9000/' } };

  it('prefers the account override, then the service variable, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:8000', AWS_ENDPOINT_URL: 'http://127.0.0.1:7000' };
    expect(resolveEndpoint(account, 'cognitoIdentityProvider', env)).toBe('http://127.0.0.1:9000');
    expect(resolveEndpoint({}, 'cognitoIdentityProvider', env)).toBe('http://127.0.0.1:8000');
    expect(resolveEndpoint({}, 'cognitoIdentity', env)).toBe('http://127.0.0.1:7000');
    expect(resolveEndpoint({}, 'sts', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:6000' })).toBe('http://127.0.0.1:6000');
  });

  it('keeps each service variable to its own service', () => {
    const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY: 'http://127.0.0.1:8001' };
    expect(resolveEndpoint({}, 'cognitoIdentity', env)).toBe('http://127.0.0.1:8001');
    expect(resolveEndpoint({}, 'cognitoIdentityProvider', env)).toBeUndefined();
  });

  it('ignores empty variables and means AWS when nothing is set', () => {
    expect(resolveEndpoint({}, 'cognitoIdentityProvider', { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: '  ', AWS_ENDPOINT_URL: '' })).toBeUndefined();
  });
});

describe('issuer and provider name', () => {
  it('is the AWS issuer without an override and <endpoint>/<poolId> with one', () => {
    expect(userPoolIssuer({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC' }, {})).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC');
    expect(userPoolIssuer({ region: 'eu-west-1', userPoolId: 'local_x1', endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9229/' } }, {})).toBe(
      'http://127.0.0.1:9229/local_x1',
    );
    expect(userPoolIssuer({ region: 'cn-north-1', userPoolId: 'cn-north-1_Z' }, {})).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Z');
  });

  it('always names the AWS provider in Logins, even for an emulator', () => {
    expect(identityProviderName({ region: 'us-east-1', userPoolId: 'local_x1' })).toBe('cognito-idp.us-east-1.amazonaws.com/local_x1');
  });
});
