import {
  ACCOUNT_NAME_PATTERN,
  CLIENT_ID_PATTERN,
  IDENTITY_POOL_ID_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
  USER_POOL_ID_PATTERN,
  type AccountInput,
} from '../../../main/contract/account-input.js';
import type { AccountView } from '../../../main/contract/account-view.js';
import type { AuthFlow } from '../../../main/contract/account-input.js';
import type { FirstFactor } from '../../../main/contract/sign-in-method.js';

/**
 * Shape checks the form runs as the person types, with the contract's patterns (the same ones the core's
 * schema uses); the core validates again on every call, so these only make mistakes visible early.
 */
export const FIELD_PATTERNS = {
  name: ACCOUNT_NAME_PATTERN,
  region: REGION_PATTERN,
  userPoolId: USER_POOL_ID_PATTERN,
  clientId: CLIENT_ID_PATTERN,
  identityPoolId: IDENTITY_POOL_ID_PATTERN,
  roleArn: ROLE_ARN_PATTERN,
} as const;

export interface AccountFormValues {
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  identityPoolId: string;
  username: string;
  authFlow: AuthFlow;
  /** With `user-auth`: the first factor asked for; '' lets the pool offer its choice at each sign-in. */
  firstFactor: FirstFactor | '';
  cognitoIdentityProviderEndpoint: string;
  cognitoIdentityEndpoint: string;
  stsEndpoint: string;
}

export type AccountFormErrors = Partial<Record<keyof AccountFormValues, string>>;

export const EMPTY_ACCOUNT_FORM: AccountFormValues = {
  name: '',
  region: '',
  userPoolId: '',
  clientId: '',
  identityPoolId: '',
  username: '',
  authFlow: 'srp',
  firstFactor: '',
  cognitoIdentityProviderEndpoint: '',
  cognitoIdentityEndpoint: '',
  stsEndpoint: '',
};

/** A user pool id starts with its region (`eu-west-1_AbC123`); emulator ids (`local_...`) say nothing. */
export function regionFromPoolId(poolId: string): string | undefined {
  const prefix = poolId.trim().split('_')[0] ?? '';
  return FIELD_PATTERNS.region.test(prefix) ? prefix : undefined;
}

function checkUrl(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return 'Enter a full http:// or https:// address, or leave it empty for AWS.';
}

export function validateAccountForm(v: AccountFormValues): AccountFormErrors {
  const errors: AccountFormErrors = {};
  const t = (s: string) => s.trim();
  if (!FIELD_PATTERNS.name.test(t(v.name))) errors.name = 'Use letters, digits, dot, dash or underscore (at most 64), starting with a letter or digit.';
  if (!FIELD_PATTERNS.userPoolId.test(t(v.userPoolId))) errors.userPoolId = 'A user pool id looks like eu-west-1_AbC123.';
  if (!FIELD_PATTERNS.region.test(t(v.region))) errors.region = 'A region looks like eu-west-1.';
  else {
    const inferred = regionFromPoolId(v.userPoolId);
    if (inferred && inferred !== t(v.region)) errors.region = `The user pool id says ${inferred}.`;
  }
  if (!FIELD_PATTERNS.clientId.test(t(v.clientId))) errors.clientId = 'An app client id is letters and digits, such as 1example23456789.';
  if (!FIELD_PATTERNS.identityPoolId.test(t(v.identityPoolId)))
    errors.identityPoolId = 'An identity pool id looks like eu-west-1:1234abcd-56ef-78ab-90cd-1234567890ab.';
  if (t(v.username).length > 128) errors.username = 'A username has at most 128 characters.';
  const endpointChecks = [
    ['cognitoIdentityProviderEndpoint', v.cognitoIdentityProviderEndpoint],
    ['cognitoIdentityEndpoint', v.cognitoIdentityEndpoint],
    ['stsEndpoint', v.stsEndpoint],
  ] as const;
  for (const [field, value] of endpointChecks) {
    const message = checkUrl(value);
    if (message) errors[field] = message;
  }
  return errors;
}

/**
 * What the core receives: trimmed, empty optional fields left out. `kept` carries settings the form does not
 * edit (managed login, basic flow) through an edit unchanged.
 */
export function toAccountInput(v: AccountFormValues, defaultRoleArn?: string, kept: Pick<AccountInput, 'hostedUi' | 'basicFlow'> = {}): AccountInput {
  const endpoints = {
    ...(v.cognitoIdentityProviderEndpoint.trim() ? { cognitoIdentityProvider: v.cognitoIdentityProviderEndpoint.trim() } : {}),
    ...(v.cognitoIdentityEndpoint.trim() ? { cognitoIdentity: v.cognitoIdentityEndpoint.trim() } : {}),
    ...(v.stsEndpoint.trim() ? { sts: v.stsEndpoint.trim() } : {}),
  };
  return {
    name: v.name.trim(),
    region: v.region.trim(),
    userPoolId: v.userPoolId.trim(),
    clientId: v.clientId.trim(),
    identityPoolId: v.identityPoolId.trim(),
    authFlow: v.authFlow,
    // A preferred first factor means something only to a choice-based sign-in; another flow drops it.
    ...(v.authFlow === 'user-auth' && v.firstFactor ? { firstFactor: v.firstFactor } : {}),
    ...(v.username.trim() ? { username: v.username.trim() } : {}),
    ...(defaultRoleArn ? { defaultRoleArn } : {}),
    ...(Object.keys(endpoints).length ? { endpoints } : {}),
    ...(kept.hostedUi ? { hostedUi: kept.hostedUi } : {}),
    ...(kept.basicFlow ? { basicFlow: kept.basicFlow } : {}),
  };
}

export function fromAccount(
  a: Pick<AccountView, 'name' | 'region' | 'userPoolId' | 'clientId' | 'identityPoolId' | 'username' | 'authFlow' | 'firstFactor' | 'endpoints'>,
): AccountFormValues {
  return {
    name: a.name,
    region: a.region,
    userPoolId: a.userPoolId,
    clientId: a.clientId,
    identityPoolId: a.identityPoolId,
    username: a.username ?? '',
    authFlow: a.authFlow,
    firstFactor: a.firstFactor ?? '',
    cognitoIdentityProviderEndpoint: a.endpoints?.cognitoIdentityProvider ?? '',
    cognitoIdentityEndpoint: a.endpoints?.cognitoIdentity ?? '',
    stsEndpoint: a.endpoints?.sts ?? '',
  };
}
