import { createSrpSession, signSrpSession } from 'cognito-srp-helper';
import { startSrp } from '../../main/core/auth/srp.js';
import { poolNameOf, srpChallenge, srpSessionKey, srpVerifier, verifyPasswordClaim, type SrpChallenge } from '../../test/stand-ins/srp-server.js';

/**
 * `npm run bench`: the client's CPU work in one USER_SRP_AUTH sign-in — draw a and compute A, then answer
 * PASSWORD_VERIFIER (u, x, S, HKDF, HMAC) — with the broker's SRP on native BigInt (main/core/auth/srp) and,
 * as the reference, cognito-srp-helper (jsbn + crypto-js), which the broker used before. The challenge comes
 * from the test backend's server half (B does not depend on A, so it is made before the clock starts), and
 * every answer is checked against it, so a fast wrong answer cannot pass.
 */
const POOL = 'eu-west-1_BenchPool1';
const USER = 'bench-user';
const PASSWORD = 'Bench-password-1';
const SALT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const verifier = srpVerifier(poolNameOf(POOL), USER, PASSWORD, SALT);

interface Answer {
  A: string;
  signature: string;
  timestamp: string;
}
type Client = (params: Record<string, string>) => Answer;

const ours: Client = (params) => {
  const srp = startSrp(USER, PASSWORD, POOL);
  const claim = srp.passwordClaim(params);
  return { A: srp.srpA, signature: claim.PASSWORD_CLAIM_SIGNATURE, timestamp: claim.TIMESTAMP };
};

const old: Client = (params) => {
  const session = createSrpSession(USER, PASSWORD, POOL, false);
  const signed = signSrpSession(session, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: params });
  return { A: session.largeA, signature: signed.passwordSignature, timestamp: signed.timestamp };
};

function accepted(server: SrpChallenge, secretBlock: string, answer: Answer): boolean {
  const key = srpSessionKey(server, answer.A);
  return key !== undefined && verifyPasswordClaim(key, poolNameOf(POOL), USER, secretBlock, answer.timestamp, answer.signature);
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export interface SrpWork {
  /** Median CPU time (user + system) of one client's SRP work: the work itself, whatever else the machine runs. */
  cpuMs: number;
  /** Median wall time of the same runs. */
  wallMs: number;
}

function measure(client: Client, runs: number): SrpWork {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const server = srpChallenge(verifier, SALT);
    const secretBlock = Buffer.from(`secret-block-${i}`).toString('base64');
    const params = { SRP_B: server.srpB, SALT, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: USER };
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const answer = client(params);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
    if (!accepted(server, secretBlock, answer)) throw new Error('an SRP answer the server half does not accept');
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

/** The client's SRP work, ours over `runs` sign-ins and the old library's over half as many, after a warm-up each. */
export function srpWorkFigures(runs: number): { ours: SrpWork; old: SrpWork } {
  measure(ours, 1);
  measure(old, 1);
  return { ours: measure(ours, runs), old: measure(old, Math.max(5, Math.round(runs / 2))) };
}
