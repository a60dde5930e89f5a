/**
 * Pure: whether a URL's host is an address inside the machine or its network, as written (an IP
 * literal, a name reserved for local use). A name that resolves to such an address is not seen
 * here: that takes n8n 2.x's SSRF protection (docs/n8n-http.md).
 */

export type InternalAddress = 'loopback' | 'private' | 'link-local';

/** How an error names each kind. */
export const INTERNAL_ADDRESS_NAMES: Record<InternalAddress, string> = {
	loopback: 'a loopback address',
	private: 'an address in a private network',
	'link-local': 'a link-local address',
};

function ipv4(a: number, b: number): InternalAddress | undefined {
	if (a === 127 || a === 0) return 'loopback'; // 0.0.0.0 reaches this host too
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
	if (a === 169 && b === 254) return 'link-local';
	return undefined;
}

function ipv6(address: string): InternalAddress | undefined {
	if (address === '::1' || address === '::') return 'loopback';
	// IPv4-mapped (::ffff:a.b.c.d): the URL parser writes the IPv4 part as two hex groups.
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
	if (mapped) {
		const high = parseInt(mapped[1], 16);
		return ipv4(high >> 8, high & 0xff);
	}
	const dotted = /^::ffff:(\d+)\.(\d+)\.\d+\.\d+$/.exec(address);
	if (dotted) return ipv4(Number(dotted[1]), Number(dotted[2]));
	const first = address.startsWith('::') ? 0 : parseInt(address.split(':')[0], 16);
	if (first >= 0xfc00 && first <= 0xfdff) return 'private';
	if (first >= 0xfe80 && first <= 0xfebf) return 'link-local';
	return undefined;
}

/** `hostname` as `URL` gives it (IPv6 in brackets, IPv4 in dotted form, lower case). */
export function internalAddress(hostname: string): InternalAddress | undefined {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host.startsWith('[') && host.endsWith(']')) return ipv6(host.slice(1, -1));
	const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
	if (v4) return ipv4(Number(v4[1]), Number(v4[2]));
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	if (host.endsWith('.internal') || host.endsWith('.local') || host.endsWith('.home.arpa')) return 'private';
	return undefined;
}
