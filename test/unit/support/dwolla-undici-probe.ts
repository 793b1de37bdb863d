/**
 * Run by `node --import tsx` in a fresh process (`test/unit/dwolla-node-http-fetch.test.ts`): a
 * token grant and a resource call through the default clients against a local server, then
 * prints the undici modules Node has loaded (the global `fetch`, `Headers` and `Response` load
 * it on first use).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDwollaAuthClient, createDwollaClient } from '../../../shared/dwolla/index.js';

const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(
    req.url === '/token'
      ? '{"access_token":"a","expires_in":3600}'
      : '{"_embedded":{"events":[]},"total":0}',
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const auth = createDwollaAuthClient({
  tokenUrl: `${url}/token`,
  clientId: 'id',
  clientSecret: 'secret',
  clientAuth: 'basic',
});
const { accessToken } = await auth.clientCredentials();
await createDwollaClient({ apiUrl: url }).listEvents(accessToken, { limit: 1, offset: 0 });
const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
process.stdout.write(JSON.stringify(loaded.filter((name) => name.includes('undici'))));
server.close();
