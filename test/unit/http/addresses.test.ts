/** Which hosts are inside the machine or its network, as written. */
import { internalAddress } from '../../../nodes/Seedance/http/addresses';

const host = (url: string) => new URL(url).hostname;

describe('internalAddress', () => {
	it.each([
		['http://127.0.0.1:5678/', 'loopback'],
		['http://127.9.9.9/', 'loopback'],
		['http://0.0.0.0/', 'loopback'],
		['http://localhost/', 'loopback'],
		['http://LOCALHOST./', 'loopback'],
		['http://api.localhost/', 'loopback'],
		['http://[::1]/', 'loopback'],
		['http://[::ffff:127.0.0.1]/', 'loopback'],
		['http://2130706433/', 'loopback'], // 127.0.0.1 as one number: the URL parser writes it dotted
		['http://0x7f.1/', 'loopback'],
		['http://10.0.0.5/', 'private'],
		['http://172.16.0.1/', 'private'],
		['http://172.31.255.255/', 'private'],
		['http://192.168.1.10/', 'private'],
		['http://100.64.0.1/', 'private'],
		['http://[fd12:3456::1]/', 'private'],
		['http://[fc00::1]/', 'private'],
		['http://[::ffff:10.1.2.3]/', 'private'],
		['http://metadata.google.internal/', 'private'],
		['http://nas.local/', 'private'],
		['http://printer.home.arpa/', 'private'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://[fe80::1]/', 'link-local'],
	])('%s is %s', (url, kind) => {
		expect(internalAddress(host(url))).toBe(kind);
	});

	it.each([
		'https://ark-content-generation.tos-cn-beijing.volces.com/v.mp4',
		'http://8.8.8.8/',
		'http://172.15.0.1/',
		'http://172.32.0.1/',
		'http://192.169.0.1/',
		'http://100.128.0.1/',
		'http://169.253.0.1/',
		'http://[2001:db8::1]/',
		'http://localhost.example.com/',
		'http://internal.example.com/',
	])('%s is public', (url) => {
		expect(internalAddress(host(url))).toBeUndefined();
	});
});
