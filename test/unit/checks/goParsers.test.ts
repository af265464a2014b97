import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCidr, parseGoDuration, parseGoUrl, parseQuantity, quantityError } from '../../../server/src/service/checks/goParsers';

test('parseGoDuration follows time.ParseDuration', () => {
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('1h'), 3600e9);
  assert.equal(parseGoDuration('1h30m'), 5400e9);
  assert.equal(parseGoDuration('.5h'), 1800e9);
  assert.equal(parseGoDuration('1.s'), 1e9);
  assert.equal(parseGoDuration('-5m'), -300e9);
  assert.equal(parseGoDuration('300ms'), 300e6);
  assert.equal(parseGoDuration('2µs'), 2000);
  for (const bad of ['', '5', 'garbage', '1d', 'h', '.h', '1h 2m', '--1s']) assert.equal(parseGoDuration(bad), undefined, bad);
});

test('parseCidr follows net.ParseCIDR', () => {
  assert.deepEqual(parseCidr('10.0.0.1/24'), { bytes: [10, 0, 0, 1], prefix: 24, isV4: true, canonical: '10.0.0.0/24' });
  assert.equal(parseCidr('0.0.0.0/0')?.canonical, '0.0.0.0/0');
  assert.equal(parseCidr('2001:db8::/32')?.isV4, false);
  assert.equal(parseCidr('::/0')?.isV4, false);
  assert.equal(parseCidr('::ffff:10.0.0.0/104')?.canonical, '10.0.0.0/8');
  assert.equal(parseCidr('::1.2.3.4/128')?.isV4, false);
  for (const bad of ['1.1.1.1', '256.0.0.0/8', '10.0.0.0/33', '01.0.0.0/8', 'not-a-cidr', '1:2:3:4:5:6:7:8:9/64', '2001:db8:::1/64', '1::2::3/64', 'fe80::1%eth0/64', '::/129', '10.0.0.0/', '10.0.0.0/+8', '1:2:3:4:5:6:7::8/64']) {
    assert.equal(parseCidr(bad), undefined, bad);
  }
});

test('parseGoUrl follows url.Parse for what Convox checks', () => {
  assert.deepEqual(parseGoUrl('http://prom:9090/x?y#z'), { scheme: 'http', host: 'prom:9090' });
  assert.deepEqual(parseGoUrl('HTTPS://user@prom'), { scheme: 'https', host: 'prom' });
  assert.deepEqual(parseGoUrl('prom:9090'), { scheme: 'prom', host: '' });
  assert.deepEqual(parseGoUrl('http:/prom'), { scheme: 'http', host: '' });
  assert.deepEqual(parseGoUrl('://bad'), { error: 'parse "://bad": missing protocol scheme' });
  assert.deepEqual(parseGoUrl('http://prom:abc'), { error: 'parse "http://prom:abc": invalid port ":abc" after host' });
  assert.deepEqual(parseGoUrl('http://pr om'), { error: 'parse "http://pr om": invalid character " " in host name' });
  assert.deepEqual(parseGoUrl('1http://x'), { error: 'parse "1http://x": first path segment in URL cannot contain colon' });
});

test('parseQuantity follows resource.ParseQuantity', () => {
  assert.equal(parseQuantity('100Gi'), 100 * 2 ** 30);
  assert.equal(parseQuantity('1.5G'), 1.5e9);
  assert.equal(parseQuantity('2e3'), 2000);
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('1E'), 1e18);
  for (const bad of ['', 'Gi', '100gi', '1K', '1 Gi', '--1', '1Gib']) assert.equal(parseQuantity(bad), undefined, bad);
});

test('quantityError gives resource.ParseQuantity wording', () => {
  assert.equal(quantityError('2Gi'), undefined);
  assert.equal(quantityError('1K'), "unable to parse quantity's suffix");
  assert.match(quantityError('lots') ?? '', /^quantities must match the regular expression/);
});
