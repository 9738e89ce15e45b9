import { accountSchema, type Account } from '../../main/core/accounts/account.js';
import type { Backend } from './backend.js';
import type { World } from './seed.js';

/** The broker account that points at a seeded world through this backend's endpoints (account `work` unless overridden). */
export function worldAccount(backend: Backend, world: World, overrides: Partial<Account> = {}): Account {
  return accountSchema.parse({
    name: 'work',
    region: world.region,
    userPoolId: world.userPoolId,
    clientId: world.clientId,
    identityPoolId: world.identityPoolId,
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
    ...overrides,
  });
}
