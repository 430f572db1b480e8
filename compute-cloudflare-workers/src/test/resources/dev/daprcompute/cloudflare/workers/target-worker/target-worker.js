// A sample user's worker: an ordinary Dapr HTTP app, written as daprd would call it, knowing nothing
// of dapr-compute. The jump worker's tests put it behind the jump worker.
//
//   GET  /dapr/subscribe       two subscriptions: orders (single events), audit (bulk)
//   POST /orders               a CloudEvent; answers {"status": data.answer}; answer NOTFOUND is a 404
//   POST /audit                a bulk batch; answers each entry's data.answer
//   POST /checkout             an input binding; replies with data for two output bindings
//   OPTIONS /checkout          daprd's binding probe
//   ANY  /fail                 the app's own 500
//   ANY  /throw                throws: the platform's failure, not an answer
//   ANY  /redirect             a 307, which must come back as it is
//   ANY  other                 echoes method, path, query, headers and body as JSON

const SUBSCRIPTIONS = [
  { pubsubname: 'pubsub', topic: 'orders', route: '/orders' },
  { pubsubname: 'pubsub', topic: 'audit', routes: { default: '/audit' },
    bulkSubscribe: { enabled: true, maxMessagesCount: 10, maxAwaitDurationMs: 100 } },
];

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const json = (value, status = 200) => new Response(JSON.stringify(value),
      { status, headers: { 'content-type': 'application/json' } });
    switch (url.pathname) {
      case '/dapr/subscribe':
        return json(SUBSCRIPTIONS);
      case '/orders': {
        const event = await request.json();
        const answer = event.data?.answer ?? 'SUCCESS';
        return answer === 'NOTFOUND' ? new Response('no such order', { status: 404 }) : json({ status: answer });
      }
      case '/audit': {
        const batch = await request.json();
        return json({ statuses: batch.entries.map((entry) => ({ entryId: entry.entryId,
          status: entry.event.data?.answer ?? entry.event.answer ?? 'SUCCESS' })) });
      }
      case '/checkout':
        if (request.method === 'OPTIONS') {
          return new Response(null, { status: 200 });
        }
        return new Response(`receipt for ${await request.text()}`, { status: 200, headers: {
          'content-type': 'text/plain', 'dapr-binding-to': 'out1,out2', 'dapr-binding-concurrency': 'parallel' } });
      case '/fail':
        return new Response('the app failed', { status: 500 });
      case '/throw':
        throw new Error('the app crashed');
      case '/redirect':
        return new Response(null, { status: 307, headers: { location: '/elsewhere' } });
      default:
        return json({
          method: request.method,
          path: url.pathname,
          query: url.search.slice(1),
          headers: Object.fromEntries(request.headers),
          body: await request.text(),
        }, Number(url.searchParams.get('status') ?? 200));
    }
  },
};
