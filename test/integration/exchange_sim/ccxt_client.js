// An unmodified ccxt Binance client, told only exchange-sim's base URL and
// key pair: load markets, read balances, place, query and cancel an order
// by client id (spot and futures), read funding and open interest, and
// (ccxt pro) watch the ticker, book ticker and mark price streams.
// usage: node ccxt_client.js BASE_URL API_KEY SECRET  (ccxt on NODE_PATH)
'use strict';
const ccxt = require('ccxt');
const [base, apiKey, secret] = process.argv.slice(2);

function check(what, ok) {
  if (!ok)
    throw new Error('check failed: ' + what);
  console.log('ok', what);
}

// Every API family at the simulator's origin, paths unchanged (streams at
// its ws origin).
function point(urls) {
  for (const [k, v] of Object.entries(urls)) {
    if (typeof v === 'string')
      urls[k] = v.replace(/^https?:\/\/[^/]+/, base).replace(/^wss?:\/\/[^/]+/, base.replace(/^http/, 'ws'));
    else if (v && typeof v === 'object')
      point(v);
  }
}

async function main() {
  const ex = new ccxt.binance({ apiKey, secret, enableRateLimit: false });
  point(ex.urls.api);
  const markets = await ex.loadMarkets();
  check('spot and perpetual markets loaded', markets['BTC/USDT'] && markets['BTC/USDT:USDT']);
  const balance = await ex.fetchBalance();
  check('spot USDT balance', balance.USDT.free === 10000);
  const ticker = await ex.fetchTicker('BTC/USDT');
  check('ticker', ticker.last > 0);
  const price = ex.priceToPrecision('BTC/USDT', ticker.last * 0.9);
  const placed = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, price, { clientOrderId: 'ccxt-1' });
  check('order placed', placed.clientOrderId === 'ccxt-1' && placed.status === 'open');
  const fetched = await ex.fetchOrder(undefined, 'BTC/USDT', { origClientOrderId: 'ccxt-1' });
  check('order queried by client id', fetched.id === placed.id && fetched.status === 'open');
  const open = await ex.fetchOpenOrders('BTC/USDT');
  check('open orders', open.length === 1);
  const canceled = await ex.cancelOrder(undefined, 'BTC/USDT', { origClientOrderId: 'ccxt-1' });
  check('order canceled by client id', canceled.status === 'canceled');
  const market = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { clientOrderId: 'ccxt-2' });
  check('market order filled', market.status === 'closed' && market.filled === 0.01);
  const trades = await ex.fetchMyTrades('BTC/USDT');
  check('my trades', trades.length === 1);

  const funding = await ex.fetchFundingRate('BTC/USDT:USDT');
  check('funding rate', typeof funding.fundingRate === 'number');
  const history = await ex.fetchFundingRateHistory('BTC/USDT:USDT');
  check('funding history', history.length > 0);
  const oi = await ex.fetchOpenInterest('BTC/USDT:USDT');
  check('open interest', oi.openInterestAmount > 0);
  const fbalance = await ex.fetchBalance({ type: 'future' });
  check('futures USDT balance', fbalance.USDT.total > 0);
  await ex.setLeverage(5, 'BTC/USDT:USDT');
  const fut = await ex.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.01, undefined, { clientOrderId: 'ccxt-f1' });
  check('futures order filled', fut.status === 'closed');
  const positions = await ex.fetchPositions(['BTC/USDT:USDT']);
  check('futures position', positions.length === 1 && positions[0].contracts === 0.01);
  const fticker = await ex.fetchTicker('BTC/USDT:USDT');
  const fprice = ex.priceToPrecision('BTC/USDT:USDT', fticker.last * 0.9);
  const fplaced = await ex.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, fprice, { clientOrderId: 'ccxt-f2' });
  check('futures limit placed', fplaced.clientOrderId === 'ccxt-f2' && fplaced.status === 'open');
  const ffetched = await ex.fetchOrder(undefined, 'BTC/USDT:USDT', { origClientOrderId: 'ccxt-f2' });
  check('futures order queried by client id', ffetched.id === fplaced.id && ffetched.status === 'open');
  const fcanceled = await ex.cancelOrder(undefined, 'BTC/USDT:USDT', { origClientOrderId: 'ccxt-f2' });
  check('futures order canceled by client id', fcanceled.status === 'canceled');
  const oiHistory = await ex.fetchOpenInterestHistory('BTC/USDT:USDT', '1h', undefined, 5);
  check('open interest history', oiHistory.length === 5 && oiHistory[0].openInterestAmount > 0);

  const pro = new ccxt.pro.binance({ apiKey, secret, enableRateLimit: false });
  point(pro.urls.api);
  // ccxt tells spot streams from futures ones by "/stream" in the URL (the
  // host stream.binance.com); the simulator takes any path before /ws.
  pro.urls.api.ws.spot = pro.urls.api.ws.spot.replace(/\/ws$/, '/stream/ws');
  await pro.loadMarkets();
  const wticker = await pro.watchTicker('BTC/USDT');
  check('ticker stream', wticker.symbol === 'BTC/USDT' && wticker.last > 0 && wticker.baseVolume > 0);
  const books = await pro.watchBidsAsks(['BTC/USDT']);
  check('book ticker stream', books['BTC/USDT'].bid < books['BTC/USDT'].ask);
  const fwticker = await pro.watchTicker('BTC/USDT:USDT');
  check('futures ticker stream', fwticker.symbol === 'BTC/USDT:USDT' && fwticker.last > 0);
  const mark = await pro.watchMarkPrice('BTC/USDT:USDT');
  check('mark price stream', mark.markPrice > 0);
  await pro.close();
  console.log('ccxt client: all checks passed');
  process.exit(0);
}

// A stream that never delivers leaves a watch pending: fail with a message
// before ctest's timeout does.
setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 90000).unref();

main().catch((e) => {
  console.error(e.constructor.name, e.message);
  process.exit(1);
});
