import { expect, test } from 'vitest';
import { ipToDecimal, parseIp, parseIpOrCidr } from './ip';

test('IPv4 maps into ::ffff:0:0/96', () => {
  expect(parseIp('10.1.2.3')).toBe(0xffff0a010203n);
  expect(parseIp('::ffff:10.1.2.3')).toBe(0xffff0a010203n);
  expect(parseIp('::ffff:a01:203')).toBe(0xffff0a010203n);
  expect(ipToDecimal('10.1.2.3')).toBe(String(0xffff0a010203));
});

test('IPv6 forms parse to the same number', () => {
  const full = parseIp('2001:0db8:0000:0000:0000:0000:0000:0001');
  expect(full).toBe((0x20010db8n << 96n) | 1n);
  expect(parseIp('2001:db8::1')).toBe(full);
  expect(parseIp('[2001:db8::1]')).toBe(full);
  expect(parseIp('fe80::1%eth0')).toBe((0xfe80n << 112n) | 1n);
  expect(parseIp('::')).toBe(0n);
  expect(parseIp('::1')).toBe(1n);
  expect(ipToDecimal('2001:db8::1')).toBe(full?.toString());
});

test('malformed addresses are refused', () => {
  for (const bad of [
    '',
    '-',
    '1.2.3',
    '1.2.3.256',
    '1.2.3.4.5',
    'a.b.c.d',
    '1::2::3',
    '12345::',
    ':::',
    '1:2:3:4:5:6:7:8:9',
  ]) {
    expect(parseIp(bad), bad).toBeNull();
  }
  expect(parseIpOrCidr('10.0.0.0/33')).toBeNull();
  expect(parseIpOrCidr('10.0.0.0/8/1')).toBeNull();
  expect(parseIpOrCidr('2001:db8::/129')).toBeNull();
});

test('CIDR blocks cover exactly their addresses', () => {
  const block = parseIpOrCidr('10.1.0.0/16');
  expect(block).toEqual({ lo: parseIp('10.1.0.0'), hi: parseIp('10.1.255.255') });
  // Host bits in the address are ignored, as in most tools.
  expect(parseIpOrCidr('10.1.2.3/16')).toEqual(block);
  expect(parseIpOrCidr('0.0.0.0/0')).toEqual({
    lo: parseIp('0.0.0.0'),
    hi: parseIp('255.255.255.255'),
  });
  const v6 = parseIpOrCidr('2001:db8::/32');
  expect(v6?.lo).toBe(parseIp('2001:db8::'));
  expect(v6?.hi).toBe(parseIp('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'));
  expect(parseIpOrCidr('1.2.3.4')).toEqual({ lo: parseIp('1.2.3.4'), hi: parseIp('1.2.3.4') });
});
