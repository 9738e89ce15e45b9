import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoLocal, type CognitoLocal } from './cognito-local-process.js';
import { startPreTokenLambda, type PreTokenLambda } from './pre-token-lambda.js';

/**
 * A real user pool for the federation and self-service tests: cognito-local (with the backend's
 * PreTokenGeneration Lambda stand-in, as the rest of the suite runs it), one pool, one app client, and an
 * admin client for seeding users. `CODE` fixes every confirmation / reset code.
 */
export const FIXED_CODE = '123456';
export const REGION = 'eu-west-1';

export interface UserPoolFixture {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  issuer: string;
  jwksUri: string;
  admin: CognitoIdentityProviderClient;
  /** A confirmed user with a permanent password. */
  createUser(username: string, password: string, attributes?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startUserPool(options: { withClientSecret?: boolean; tokenValidityMinutes?: number } = {}): Promise<UserPoolFixture> {
  let lambda: PreTokenLambda | undefined;
  let cognito: CognitoLocal | undefined;
  try {
    lambda = await startPreTokenLambda();
    cognito = await startCognitoLocal({ code: FIXED_CODE, lambdaEndpoint: lambda.endpoint, preTokenGenerationFunction: lambda.functionName, region: REGION });
    lambda.setCognitoLocalEndpoint(cognito.endpoint);
  } catch (error) {
    await cognito?.stop();
    await lambda?.stop();
    throw error;
  }
  const admin = new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pool = await admin.send(
    new CreateUserPoolCommand({
      PoolName: 'federation-tests',
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: false } },
    }),
  );
  const userPoolId = pool.UserPool!.Id!;
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'broker',
      GenerateSecret: options.withClientSecret === true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = client.UserPoolClient!.ClientId!;
  const clientSecret = client.UserPoolClient!.ClientSecret;
  // AWS's issuer (cognito-local signs like AWS here, see cognito-local-process.ts); the keys are served by
  // cognito-local itself, the endpoint clients call.
  const issuer = `${cognito.issuerDomain}/${userPoolId}`;
  const stopCognito = cognito.stop;
  const stopLambda = lambda.stop;
  return {
    endpoint: cognito.endpoint,
    userPoolId,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    issuer,
    jwksUri: `${cognito.endpoint}/${userPoolId}/.well-known/jwks.json`,
    admin,
    async createUser(username, password, attributes = {}) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
    },
    async stop() {
      admin.destroy();
      await stopCognito();
      await stopLambda();
    },
  };
}
