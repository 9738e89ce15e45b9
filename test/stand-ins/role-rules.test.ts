import { resolveRole, type RoleMapping } from './role-rules.js';
import { roleClaims } from './pre-token-lambda.js';

const ADMIN = 'arn:aws:iam::123456789012:role/BrokerAdmin';
const DEV = 'arn:aws:iam::123456789012:role/BrokerDeveloper';
const AUTH = 'arn:aws:iam::123456789012:role/BrokerAuthenticated';
const token: RoleMapping = { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' };
const tokenDeny: RoleMapping = { Type: 'Token', AmbiguousRoleResolution: 'Deny' };

describe('resolveRole, Type=Token', () => {
  const claims = { 'cognito:roles': [ADMIN, DEV], 'cognito:preferred_role': ADMIN };
  it('CustomRoleArn listed in cognito:roles → that role', () => {
    expect(resolveRole({ claims, mapping: token, authenticatedRole: AUTH, customRoleArn: DEV })).toEqual({ ok: true, roleArn: DEV, reason: 'custom-role' });
  });
  it('CustomRoleArn not listed → denied, even with AmbiguousRoleResolution AuthenticatedRole', () => {
    expect(resolveRole({ claims, mapping: token, authenticatedRole: AUTH, customRoleArn: AUTH })).toEqual({ ok: false, reason: 'custom-role-not-allowed' });
  });
  it('no CustomRoleArn → cognito:preferred_role', () => {
    expect(resolveRole({ claims, mapping: token, authenticatedRole: AUTH })).toEqual({ ok: true, roleArn: ADMIN, reason: 'preferred-role' });
  });
  it('no preferred role, AmbiguousRoleResolution AuthenticatedRole → the authenticated role', () => {
    expect(resolveRole({ claims: { 'cognito:roles': [ADMIN, DEV] }, mapping: token, authenticatedRole: AUTH })).toEqual({
      ok: true,
      roleArn: AUTH,
      reason: 'ambiguous-authenticated-role',
    });
  });
  it('no preferred role, AmbiguousRoleResolution Deny → denied', () => {
    expect(resolveRole({ claims: { 'cognito:roles': [ADMIN, DEV] }, mapping: tokenDeny, authenticatedRole: AUTH })).toEqual({
      ok: false,
      reason: 'ambiguous-deny',
    });
  });
  it('AuthenticatedRole resolution without an authenticated role → configuration error', () => {
    expect(resolveRole({ claims: {}, mapping: token })).toEqual({ ok: false, reason: 'no-authenticated-role' });
  });
});

describe('resolveRole, Type=Rules', () => {
  const rules: RoleMapping = {
    Type: 'Rules',
    AmbiguousRoleResolution: 'Deny',
    RulesConfiguration: {
      Rules: [
        { Claim: 'custom:tenant_id', MatchType: 'Equals', Value: 'acme', RoleARN: ADMIN },
        { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'developers', RoleARN: DEV },
        { Claim: 'email', MatchType: 'StartsWith', Value: 'ops', RoleARN: AUTH },
      ],
    },
  };
  it('first matching rule wins, in order', () => {
    expect(resolveRole({ claims: { 'custom:tenant_id': 'acme', 'cognito:groups': ['developers'] }, mapping: rules })).toMatchObject({
      ok: true,
      roleArn: ADMIN,
      reason: 'rule',
    });
    expect(resolveRole({ claims: { 'custom:tenant_id': 'other', 'cognito:groups': ['developers'] }, mapping: rules })).toMatchObject({
      ok: true,
      roleArn: DEV,
    });
    expect(resolveRole({ claims: { email: 'ops@example.com' }, mapping: rules })).toMatchObject({ ok: true, roleArn: AUTH });
  });
  it('NotEqual matches a different value', () => {
    const m: RoleMapping = {
      Type: 'Rules',
      RulesConfiguration: { Rules: [{ Claim: 'custom:tenant_id', MatchType: 'NotEqual', Value: 'acme', RoleARN: DEV }] },
    };
    expect(resolveRole({ claims: { 'custom:tenant_id': 'beta' }, mapping: m })).toMatchObject({ ok: true, roleArn: DEV });
    expect(resolveRole({ claims: { 'custom:tenant_id': 'acme' }, mapping: m })).toEqual({ ok: false, reason: 'ambiguous-deny' });
  });
  it('no rule matches → AmbiguousRoleResolution', () => {
    expect(resolveRole({ claims: { email: 'dev@example.com' }, mapping: rules })).toEqual({ ok: false, reason: 'ambiguous-deny' });
    expect(resolveRole({ claims: {}, mapping: { ...rules, AmbiguousRoleResolution: 'AuthenticatedRole' }, authenticatedRole: AUTH })).toMatchObject({
      ok: true,
      roleArn: AUTH,
    });
  });
  it('CustomRoleArn must be a role a matching rule gives', () => {
    expect(resolveRole({ claims: { 'cognito:groups': ['developers'] }, mapping: rules, customRoleArn: DEV })).toMatchObject({
      ok: true,
      roleArn: DEV,
      reason: 'custom-role',
    });
    expect(resolveRole({ claims: { 'cognito:groups': ['developers'] }, mapping: rules, customRoleArn: ADMIN })).toEqual({
      ok: false,
      reason: 'custom-role-not-allowed',
    });
  });
});

describe('resolveRole without a role mapping', () => {
  it('gives the authenticated role', () => {
    expect(resolveRole({ claims: {}, authenticatedRole: AUTH })).toEqual({ ok: true, roleArn: AUTH, reason: 'authenticated-role' });
  });
  it('refuses another CustomRoleArn', () => {
    expect(resolveRole({ claims: {}, authenticatedRole: AUTH, customRoleArn: DEV })).toEqual({ ok: false, reason: 'custom-role-not-allowed' });
  });
});

describe('roleClaims (PreTokenGeneration)', () => {
  it('lists every group role, best precedence first, and the preferred role', () => {
    expect(
      roleClaims([
        { GroupName: 'developers', RoleArn: DEV, Precedence: 5 },
        { GroupName: 'admins', RoleArn: ADMIN, Precedence: 1 },
      ]),
    ).toEqual({ 'cognito:roles': [ADMIN, DEV], 'cognito:preferred_role': ADMIN });
  });
  it('omits the preferred role when the best precedence ties with different roles', () => {
    expect(
      roleClaims([
        { GroupName: 'a', RoleArn: ADMIN, Precedence: 3 },
        { GroupName: 'b', RoleArn: DEV, Precedence: 3 },
        { GroupName: 'c', RoleArn: AUTH, Precedence: 9 },
      ]),
    ).toEqual({ 'cognito:roles': [ADMIN, DEV, AUTH] });
  });
  it('keeps the preferred role when tied groups share one role', () => {
    expect(
      roleClaims([
        { GroupName: 'a', RoleArn: DEV, Precedence: 2 },
        { GroupName: 'b', RoleArn: DEV, Precedence: 2 },
      ]),
    ).toEqual({ 'cognito:roles': [DEV], 'cognito:preferred_role': DEV });
  });
  it('ignores groups without a role and adds nothing when no group has one', () => {
    expect(roleClaims([{ GroupName: 'plain', Precedence: 0 }])).toEqual({});
    expect(
      roleClaims([
        { GroupName: 'plain', Precedence: 0 },
        { GroupName: 'dev', RoleArn: DEV },
      ]),
    ).toEqual({ 'cognito:roles': [DEV], 'cognito:preferred_role': DEV });
  });
});
