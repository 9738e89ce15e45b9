import { AwsError, type JsonObject } from './aws-json.js';

/**
 * A pool's `Policies.SignInPolicy.AllowedFirstAuthFactors` (point 22 of the list at the top of
 * user-pool-front.ts), which cognito-local does not keep. What AWS documents:
 *
 * - Values PASSWORD | EMAIL_OTP | SMS_OTP | WEB_AUTHN, one to four of them; a request and response parameter
 *   of CreateUserPool and UpdateUserPool, a response parameter of DescribeUserPool
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html).
 * - PASSWORD must be among them ("Whether the password authentication is allowed. This must be true.",
 *   https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cognito.AllowedFirstAuthFactors.html); a pool
 *   that names none allows the password only (same page: "default: Password only").
 * - UpdateUserPool sets every setting it is not given to its default
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html), so
 *   an update without Policies.SignInPolicy goes back to PASSWORD only.
 */
export type FirstFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

const FACTORS: readonly FirstFactor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const DEFAULT: FirstFactor[] = ['PASSWORD'];

export class SignInPolicies {
  private readonly byPool = new Map<string, FirstFactor[]>();

  /** Refuses a SignInPolicy AWS would refuse; call before the request goes to cognito-local. */
  static parse(policies: unknown): FirstFactor[] {
    const given = ((policies as JsonObject | undefined)?.SignInPolicy as { AllowedFirstAuthFactors?: unknown } | undefined)?.AllowedFirstAuthFactors;
    if (given === undefined) return DEFAULT;
    if (!Array.isArray(given) || given.length < 1 || given.length > FACTORS.length)
      throw new AwsError(
        'InvalidParameterException',
        "1 validation error detected: Value at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must have length between 1 and 4",
      );
    for (const factor of given)
      if (!FACTORS.includes(factor as FirstFactor))
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${String(factor)}' at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must satisfy enum value set: [${FACTORS.join(', ')}]`,
        );
    if (!given.includes('PASSWORD')) throw new AwsError('InvalidParameterException', 'PASSWORD must be one of the AllowedFirstAuthFactors.');
    return [...new Set(given as FirstFactor[])];
  }

  set(poolId: string, factors: FirstFactor[]): void {
    this.byPool.set(poolId, factors);
  }

  of(poolId: string): FirstFactor[] {
    return this.byPool.get(poolId) ?? DEFAULT;
  }

  /** Puts the pool's first factors into a CreateUserPool / UpdateUserPool / DescribeUserPool answer's UserPool. */
  report(pool: JsonObject | undefined, poolId: string): void {
    if (!pool) return;
    const policies = { ...((pool.Policies as JsonObject | undefined) ?? {}) };
    policies.SignInPolicy = { AllowedFirstAuthFactors: this.of(poolId) };
    pool.Policies = policies;
  }
}
