import { describe, expect, it } from 'vitest';
import { acceptedIssuers, identityProviderName, jwksUri, resolveEndpoint, userPoolPrimaryRegion } from '../../../main/core/aws/endpoints.js';

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

describe('issuers, signing keys and provider name', () => {
  it('reads the primary Region from an AWS pool id and none from an emulator id', () => {
    expect(userPoolPrimaryRegion('eu-west-1_AbC123')).toBe('eu-west-1');
    expect(userPoolPrimaryRegion('us-gov-west-1_AbC')).toBe('us-gov-west-1');
    expect(userPoolPrimaryRegion('local_x1')).toBeUndefined();
    expect(userPoolPrimaryRegion('noprefix')).toBeUndefined();
  });

  it("accepts exactly AWS's ORIGINAL and UPDATED issuers of the pool's primary Region, whatever the endpoint", () => {
    const expected = ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC', 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC'];
    expect(acceptedIssuers({ userPoolId: 'eu-west-1_AbC' })).toEqual(expected);
    // The account's own Region (a replica) and its endpoint do not change whom the tokens come from.
    expect(
      acceptedIssuers({
        userPoolId: 'eu-west-1_AbC',
        ...{ region: 'eu-central-1', endpoints: { cognitoIdentityProvider: 'https://cognito-idp-fips.us-east-1.amazonaws.com' } },
      }),
    ).toEqual(expected);
    expect(acceptedIssuers({ userPoolId: 'cn-north-1_Z' })).toEqual([
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Z',
      'https://issuer-cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Z',
    ]);
  });

  it('accepts only the explicit issuer of an emulator account, and nothing for an emulator id without one', () => {
    expect(acceptedIssuers({ userPoolId: 'local_x1', issuer: 'http://127.0.0.1:9229/local_x1/' })).toEqual(['http://127.0.0.1:9229/local_x1']);
    expect(acceptedIssuers({ userPoolId: 'eu-west-1_AbC', issuer: 'http://127.0.0.1:9229/eu-west-1_AbC' })).toEqual(['http://127.0.0.1:9229/eu-west-1_AbC']);
    expect(acceptedIssuers({ userPoolId: 'local_x1' })).toEqual([]);
  });

  it('fetches the signing keys below the configured endpoint, else below the issuer', () => {
    const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC';
    expect(jwksUri({ userPoolId: 'eu-west-1_AbC' }, issuer, {})).toBe(`${issuer}/.well-known/jwks.json`);
    expect(
      jwksUri({ userPoolId: 'eu-west-1_AbC', endpoints: { cognitoIdentityProvider: 'https://vpce-1.cognito-idp.eu-west-1.vpce.amazonaws.com/' } }, issuer, {}),
    ).toBe('https://vpce-1.cognito-idp.eu-west-1.vpce.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json');
    expect(
      jwksUri({ userPoolId: 'eu-west-1_AbC' }, issuer, { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'https://cognito-idp-fips.eu-west-1.amazonaws.com' }),
    ).toBe('https://cognito-idp-fips.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json');
  });

  it("names the pool's primary Region in Logins, also for an account that reaches a replica", () => {
    expect(identityProviderName({ region: 'eu-central-1', userPoolId: 'eu-west-1_AbC' })).toBe('cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC');
    expect(identityProviderName({ region: 'us-east-1', userPoolId: 'local_x1' })).toBe('cognito-idp.us-east-1.amazonaws.com/local_x1');
  });
});
