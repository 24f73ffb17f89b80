// An unmodified ccxt Binance client, told only exchange-sim's base URL and
// key pair: load markets, read balances, place, query and cancel an order
// by client id (spot and futures), read funding and open interest.
// usage: node ccxt_client.js BASE_URL API_KEY SECRET  (ccxt on NODE_PATH)
'use strict';
const ccxt = require('ccxt');
const [base, apiKey, secret] = process.argv.slice(2);

function check(what, ok) {
  if (!ok)
    throw new Error('check failed: ' + what);
  console.log('ok', what);
}

async function main() {
  const ex = new ccxt.binance({ apiKey, secret, enableRateLimit: false });
  // Every API family at the simulator's origin, paths unchanged.
  const point = (urls) => {
    for (const [k, v] of Object.entries(urls)) {
      if (typeof v === 'string')
        urls[k] = v.replace(/^https?:\/\/[^/]+/, base);
      else if (v && typeof v === 'object')
        point(v);
    }
  };
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
  console.log('ccxt client: all checks passed');
}

main().catch((e) => {
  console.error(e.constructor.name, e.message);
  process.exit(1);
});
