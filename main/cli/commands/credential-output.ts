import type { AwsCredentials } from '../../core/credentials/aws-credentials.js';

/** The variables the AWS CLI and every AWS SDK read, as `aws configure export-credentials --format env` sets them. */
export function credentialEnvironment(credentials: AwsCredentials, region: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: credentials.expiration,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}
