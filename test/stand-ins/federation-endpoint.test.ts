import { startFederationEndpoint, type FederationEndpoint } from './federation-endpoint.js';

/** The federation endpoint stand-in on the wire: getSigninToken and login as AWS documents them. */
let endpoint: FederationEndpoint;
const GOOD = { sessionId: 'ASIAGOOD', sessionKey: 'good-secret', sessionToken: 'good-token' };

beforeAll(async () => {
  endpoint = await startFederationEndpoint({
    verify: (c) => c.accessKeyId === GOOD.sessionId && c.secretAccessKey === GOOD.sessionKey && c.sessionToken === GOOD.sessionToken,
  });
});

afterAll(async () => {
  await endpoint?.stop();
});

async function get(params: Record<string, string>): Promise<Response> {
  return fetch(`${endpoint.url}?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
}

async function signinToken(session: object = GOOD, extra: Record<string, string> = {}): Promise<Response> {
  return get({ Action: 'getSigninToken', Session: JSON.stringify(session), ...extra });
}

describe('federation endpoint stand-in', () => {
  it('gives a sign-in token for valid credentials and redirects its login to the destination', async () => {
    const res = await signinToken(GOOD, { SessionDuration: '43200' });
    expect(res.status).toBe(200);
    const { SigninToken } = (await res.json()) as { SigninToken: string };
    const login = await get({ Action: 'login', Issuer: 'me', Destination: 'https://console.aws.amazon.com/', SigninToken });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('https://console.aws.amazon.com/');
    expect(endpoint.logins.at(-1)).toEqual({
      accessKeyId: 'ASIAGOOD',
      destination: 'https://console.aws.amazon.com/',
      issuer: 'me',
      sessionDurationSeconds: 43200,
    });
  });

  it.each([
    ['credentials it does not know', { ...GOOD, sessionKey: 'wrong' }, {}],
    ['a session without a token', { sessionId: 'ASIAGOOD', sessionKey: 'good-secret' }, {}],
    ['a session duration above 12 hours', GOOD, { SessionDuration: '43201' }],
    ['a session duration below 15 minutes', GOOD, { SessionDuration: '899' }],
  ])('refuses %s with HTTP 400', async (_what, session, extra) => {
    expect((await signinToken(session, extra)).status).toBe(400);
  });

  it('refuses a Session that is not JSON, an unknown action, an unknown token and a non-https destination', async () => {
    expect((await get({ Action: 'getSigninToken', Session: 'not json' })).status).toBe(400);
    expect((await get({ Action: 'somethingElse' })).status).toBe(400);
    expect((await get({ Action: 'login', Destination: 'https://console.aws.amazon.com/', SigninToken: 'made-up' })).status).toBe(400);
    const { SigninToken } = (await (await signinToken()).json()) as { SigninToken: string };
    expect((await get({ Action: 'login', Destination: 'http://console.aws.amazon.com/', SigninToken })).status).toBe(400);
  });
});
