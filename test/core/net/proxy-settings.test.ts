import { describe, expect, it } from 'vitest';
import { proxyFromPacResult } from '../../../main/core/net/pac-result.js';
import { bypassesProxy, describeProxy, envProxyFor, parseProxyUrl } from '../../../main/core/net/proxy-env.js';
import { networkFailure } from '../../../main/core/net/network-errors.js';
import { routeFor } from '../../../main/core/net/route.js';

const url = (s: string) => new URL(s);

describe('proxy variables, read as the AWS CLI reads them', () => {
  it('https URLs use HTTPS_PROXY, http URLs HTTP_PROXY; the lower-case variable wins', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'http://plain:3' };
    expect(envProxyFor(url('https://cognito-idp.us-east-1.amazonaws.com/'), env)).toEqual({ variable: 'HTTPS_PROXY', value: 'http://lower:2' });
    expect(envProxyFor(url('http://127.0.0.1:9229/'), env)).toEqual({ variable: 'HTTP_PROXY', value: 'http://plain:3' });
  });

  it('an https URL does not fall back to HTTP_PROXY (botocore picks by scheme); no variable at all is undefined', () => {
    expect(envProxyFor(url('https://sts.amazonaws.com/'), { HTTP_PROXY: 'http://p:3' })).toBeNull();
    expect(envProxyFor(url('https://sts.amazonaws.com/'), {})).toBeUndefined();
    expect(envProxyFor(url('https://sts.amazonaws.com/'), { HTTPS_PROXY: '' })).toBeUndefined();
  });

  it('NO_PROXY: *, domain suffixes with or without a leading dot, host:port, IPv6; lower case wins', () => {
    expect(bypassesProxy(url('https://a.example.com/'), { NO_PROXY: '*' })).toBe(true);
    expect(bypassesProxy(url('https://a.example.com/'), { NO_PROXY: 'other.org, example.com' })).toBe(true);
    expect(bypassesProxy(url('https://example.com/'), { NO_PROXY: '.example.com' })).toBe(true);
    expect(bypassesProxy(url('https://badexample.com/'), { NO_PROXY: 'example.com' })).toBe(false);
    expect(bypassesProxy(url('https://gw.corp:8443/'), { NO_PROXY: 'gw.corp:8443' })).toBe(true);
    expect(bypassesProxy(url('https://gw.corp/'), { NO_PROXY: 'gw.corp:8443' })).toBe(false);
    expect(bypassesProxy(url('http://[::1]:80/'), { NO_PROXY: '::1' })).toBe(true);
    expect(bypassesProxy(url('https://a.example.com/'), { NO_PROXY: 'example.com', no_proxy: 'other.org' })).toBe(false);
    expect(envProxyFor(url('https://a.example.com/'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' })).toBeNull();
  });

  it('a proxy without a scheme is http://; shown without its credentials', () => {
    const proxy = parseProxyUrl('user:pw@proxy.corp:3128');
    expect(proxy?.href).toBe('http://user:pw@proxy.corp:3128/');
    expect(describeProxy(proxy as URL)).toBe('http://proxy.corp:3128');
  });

  it('an unusable proxy URL is refused naming the variable, never echoing its value', async () => {
    const attempt = routeFor(url('https://sts.amazonaws.com/'), { HTTPS_PROXY: 'socks5://user:secretpw@proxy:1080' });
    await expect(attempt).rejects.toThrow(/HTTPS_PROXY/);
    await expect(attempt).rejects.not.toThrow(/secretpw/);
  });
});

describe('Electron PAC answers', () => {
  it('takes the first PROXY or HTTPS entry; DIRECT and SOCKS-only mean direct', () => {
    expect(proxyFromPacResult('PROXY proxy.corp:8080; DIRECT')?.href).toBe('http://proxy.corp:8080/');
    expect(proxyFromPacResult('SOCKS5 s:1080; HTTPS secure.corp:443')?.href).toBe('https://secure.corp/');
    expect(proxyFromPacResult('DIRECT')).toBeUndefined();
    expect(proxyFromPacResult('SOCKS s:1080')).toBeUndefined();
    expect(proxyFromPacResult('')).toBeUndefined();
  });
});

describe('network failures as one sentence naming the setting', () => {
  const route = { proxy: new URL('http://u:secretpw@proxy.corp:3128'), source: 'HTTPS_PROXY' as const };
  const target = url('https://cognito-idp.eu-west-1.amazonaws.com/');

  it('names the variable and never the credentials', () => {
    const refused = networkFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), route, target);
    expect(refused?.message).toMatch(/proxy http:\/\/proxy\.corp:3128 from HTTPS_PROXY \(nothing accepts connections there\); fix HTTPS_PROXY/);
    const status = networkFailure(new TypeError('fetch failed', { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') }), route, target);
    expect(status?.message).toMatch(/refused .* \(HTTP 407\); fix HTTPS_PROXY/);
    for (const e of [refused, status]) expect(e?.describe()).not.toMatch(/secretpw|u:/);
  });

  it('system settings are named as such; an untrusted certificate names AWS_CA_BUNDLE', () => {
    const system = networkFailure(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), { proxy: new URL('http://p:1'), source: 'system' }, target);
    expect(system?.message).toMatch(/from the system proxy settings .*fix the system proxy settings/);
    const cert = networkFailure(
      new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }) }),
      {},
      target,
    );
    expect(cert?.message).toMatch(/certificate of cognito-idp\.eu-west-1\.amazonaws\.com is not trusted .*set AWS_CA_BUNDLE/);
    expect(networkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), {}, target)).toBeUndefined();
  });
});
