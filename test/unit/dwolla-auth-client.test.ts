import { describe, expect, it } from 'vitest';
import {
  createDwollaAuthClient,
  DwollaApiError,
  DwollaTokenError,
  ExpiredRefreshTokenError,
  InvalidGrantError,
  InvalidRefreshTokenError,
  isAccessTokenError,
} from '../../shared/dwolla/index.js';
import {
  recordingServerPerTest,
  type ScriptedResponse,
} from './support/dwolla-recording-server.js';

// Dwolla keys contain `+`, `/` and `=`: they must survive both encodings untouched.
const CLIENT_ID = 'PO+SzGAsZCE4BTG7Cw4OAL40Tpf1008mDjGBSVo6QLNfM4mD+a';
const CLIENT_SECRET = 'g7QLwvO37aN2HoKx/1amekWi8a2g7AIuPbD5CcJSLqXIcDOxfTr=';
const REFRESH_TOKEN = 'Pgkel9okjwTCfsvIvEDPrsomE1er1txeyoaAkTIBAuXza8WvZY';

const ACCOUNT_TOKENS = {
  _links: { account: { href: 'https://api-sandbox.dwolla.com/accounts/ca32853c' } },
  access_token: 'sdWPNdPyteKlVEmudKa9K2oFGs4s7VpiGfxBGFyDsolvuveafk',
  expires_in: 3600,
  refresh_token: 'EDidiHt28eRzthBlXvDDECz67wK3rNEA2fGdq46t8jOYqAuC4N',
  refresh_expires_in: 5184000,
  token_type: 'bearer',
  scope: 'send|transactions|funding|accountinfofull',
  account_id: 'ca32853c',
};

const startServer = recordingServerPerTest();

async function authFor(
  script: readonly ScriptedResponse[],
  clientAuth: 'basic' | 'body' = 'basic',
) {
  const server = await startServer(script);
  const auth = createDwollaAuthClient({
    tokenUrl: `${server.url}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    clientAuth,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  return { auth, server };
}

function expectedBasic(): string {
  return `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
}

describe('Function: createDwollaAuthClient', () => {
  describe('exchangeAuthorizationCode', () => {
    it('posts the code and redirect_uri as a form with HTTP Basic client credentials', async () => {
      // Prepare
      const { auth, server } = await authFor([{ status: 200, body: ACCOUNT_TOKENS }]);

      // Act
      const tokens = await auth.exchangeAuthorizationCode({
        code: 'h6TvQZHr5BsVcfO43uOJ0uRkBLki',
        redirectUri: 'https://www.myapplication.com/redirect?x=1',
      });

      // Assess
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/token');
      expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request?.headers.authorization).toBe(expectedBasic());
      expect(request?.rawBody.toString()).toBe(
        'grant_type=authorization_code&code=h6TvQZHr5BsVcfO43uOJ0uRkBLki' +
          '&redirect_uri=https%3A%2F%2Fwww.myapplication.com%2Fredirect%3Fx%3D1',
      );
      expect(tokens).toEqual({
        accessToken: ACCOUNT_TOKENS.access_token,
        expiresIn: 3600,
        refreshToken: ACCOUNT_TOKENS.refresh_token,
        refreshExpiresIn: 5184000,
        scope: 'send|transactions|funding|accountinfofull',
        accountId: 'ca32853c',
      });
    });

    it('puts client_id and client_secret in the form body when configured to, with no Authorization header', async () => {
      // Prepare
      const { auth, server } = await authFor([{ status: 200, body: ACCOUNT_TOKENS }], 'body');

      // Act
      await auth.exchangeAuthorizationCode({ code: 'abc', redirectUri: 'https://app/cb' });

      // Assess
      const [request] = server.requests;
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.rawBody.toString()).toBe(
        `client_id=${encodeURIComponent(CLIENT_ID)}&client_secret=${encodeURIComponent(CLIENT_SECRET)}` +
          '&grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb',
      );
      const form = new URLSearchParams(request?.rawBody.toString());
      expect(form.get('client_id')).toBe(CLIENT_ID);
      expect(form.get('client_secret')).toBe(CLIENT_SECRET);
    });

    it('does not send a single-use code twice, even after a 503', async () => {
      // Prepare
      const { auth, server } = await authFor([
        { status: 503 },
        { status: 200, body: ACCOUNT_TOKENS },
      ]);

      // Act
      const failure = await auth
        .exchangeAuthorizationCode({ code: 'abc', redirectUri: 'https://app/cb' })
        .catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(failure).toBeInstanceOf(DwollaApiError);
      expect(failure).toMatchObject({ status: 503, retryable: true });
      expect(isAccessTokenError(failure)).toBe(false);
    });

    it('maps a refused code to InvalidGrantError without echoing the code', async () => {
      // Prepare
      const { auth } = await authFor([
        {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'Invalid authorization code.' },
        },
      ]);

      // Act
      const failure = await auth
        .exchangeAuthorizationCode({ code: 'the-secret-code', redirectUri: 'https://app/cb' })
        .catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(InvalidGrantError);
      expect(failure).toMatchObject({ status: 400, error: 'invalid_grant' });
      expect((failure as Error).message).not.toContain('the-secret-code');
      expect((failure as Error).message).not.toContain(CLIENT_SECRET);
    });

    it('maps a Dwolla-style 401 from the token endpoint to InvalidGrantError, not an access-token error', async () => {
      // Prepare
      const { auth } = await authFor([
        {
          status: 401,
          body: { code: 'InvalidCredentials', message: 'Invalid client credentials.' },
        },
      ]);

      // Act
      const failure = await auth.clientCredentials().catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(InvalidGrantError);
      expect(failure).toMatchObject({ status: 401, error: 'InvalidCredentials' });
      expect(isAccessTokenError(failure)).toBe(false);
    });
  });

  describe('refresh', () => {
    it('posts grant_type=refresh_token and returns the rotated pair', async () => {
      // Prepare
      const { auth, server } = await authFor([{ status: 200, body: ACCOUNT_TOKENS }]);

      // Act
      const tokens = await auth.refresh(REFRESH_TOKEN);

      // Assess
      expect(server.requests[0]?.rawBody.toString()).toBe(
        `grant_type=refresh_token&refresh_token=${REFRESH_TOKEN}`,
      );
      expect(server.requests[0]?.headers.authorization).toBe(expectedBasic());
      expect(tokens.refreshToken).toBe(ACCOUNT_TOKENS.refresh_token);
      expect(tokens.refreshExpiresIn).toBe(5184000);
    });

    it.each([
      ['Invalid refresh token.', InvalidRefreshTokenError],
      ['Expired refresh token.', ExpiredRefreshTokenError],
    ])('maps access_denied "%s" to its typed error', async (description, ErrorClass) => {
      // Prepare
      const { auth, server } = await authFor([
        { status: 400, body: { error: 'access_denied', error_description: description } },
      ]);

      // Act
      const failure = await auth.refresh(REFRESH_TOKEN).catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(ErrorClass);
      expect(failure).toBeInstanceOf(DwollaTokenError);
      expect(failure).toMatchObject({
        error: 'access_denied',
        errorDescription: description,
        retryable: false,
      });
      expect((failure as Error).message).not.toContain(REFRESH_TOKEN);
      expect(server.requests).toHaveLength(1);
    });

    it('maps another access_denied description to InvalidGrantError', async () => {
      // Prepare
      const { auth } = await authFor([
        {
          status: 401,
          body: { error: 'access_denied', error_description: 'Application disabled.' },
        },
      ]);

      // Act
      const failure = await auth.refresh(REFRESH_TOKEN).catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(InvalidGrantError);
      expect(failure).not.toBeInstanceOf(InvalidRefreshTokenError);
    });

    it('asks again after a dropped connection, with the same form', async () => {
      // Prepare
      const { auth, server } = await authFor([
        { destroy: true },
        { status: 200, body: ACCOUNT_TOKENS },
      ]);

      // Act
      const tokens = await auth.refresh(REFRESH_TOKEN);

      // Assess
      expect(tokens.accessToken).toBe(ACCOUNT_TOKENS.access_token);
      expect(server.requests).toHaveLength(2);
      expect(
        server.requests[1]?.rawBody.equals(server.requests[0]?.rawBody ?? Buffer.alloc(0)),
      ).toBe(true);
    });
  });

  describe('clientCredentials', () => {
    it('posts grant_type=client_credentials and returns an application token without refresh token', async () => {
      // Prepare
      const { auth, server } = await authFor([
        { status: 500 },
        {
          status: 200,
          body: { access_token: 'app-token', expires_in: 3600, token_type: 'bearer' },
        },
      ]);

      // Act
      const tokens = await auth.clientCredentials();

      // Assess
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]?.rawBody.toString()).toBe('grant_type=client_credentials');
      expect(tokens).toEqual({ accessToken: 'app-token', expiresIn: 3600 });
    });

    it('rejects a success body without access_token', async () => {
      // Prepare
      const { auth } = await authFor([{ status: 200, body: { expires_in: 3600 } }]);

      // Act
      const failure = await auth.clientCredentials().catch((err: unknown) => err);

      // Assess
      expect((failure as Error).name).toBe('DwollaResponseError');
    });
  });
});
