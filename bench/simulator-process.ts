/**
 * The Dwolla simulator in a process of its own, for the bench: Dwolla is another system, so its
 * work (running scenarios, signing and sending webhooks) must not share the local stack's event
 * loop, whose capacity is what the throughput and chaos figures measure. Started by
 * `bench/local.ts` with the credentials in its environment; prints one `BENCH_SIM {json}` line
 * with its URLs and runs until its stdin closes.
 */
import { startDwollaSimulator } from '../infra/local/dwolla-simulator/index.js';

const simulator = await startDwollaSimulator({
  port: 0,
  host: '127.0.0.1',
  clientId: process.env.BENCH_SIM_CLIENT_ID ?? '',
  clientSecret: process.env.BENCH_SIM_CLIENT_SECRET ?? '',
  webhookSecret: process.env.BENCH_SIM_WEBHOOK_SECRET ?? '',
});
process.stdout.write(
  `BENCH_SIM ${JSON.stringify({ url: simulator.url, tokenUrl: simulator.tokenUrl, authorizeUrl: simulator.authorizeUrl })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void simulator.close().then(() => process.exit(0));
});
