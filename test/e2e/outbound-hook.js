'use strict';
/**
 * Loaded into n8n with NODE_OPTIONS=--require (see e2e-lib's n8nEnv({ recordOutbound })): appends every
 * host name n8n tries to resolve, other than localhost, to the file in SEEDANCE_OUTBOUND_LOG. The e2e
 * tests assert it stays empty: n8n must not try to reach the internet (telemetry, version checks…).
 */
const dns = require('dns');
const fs = require('fs');

const file = process.env.SEEDANCE_OUTBOUND_LOG;
const local = (host) => typeof host !== 'string' || host === '' || host === 'localhost' || /^(127\.|::1$|0\.0\.0\.0$)/.test(host) || /^[\d.]+$/.test(host) || host.includes(':');

function record(host) {
	if (!file || local(host)) return;
	try {
		fs.appendFileSync(file, `${process.pid} ${host}\n`);
	} catch {
		/* never break n8n */
	}
}

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
	record(host);
	return lookup.call(this, host, ...rest);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
	record(host);
	return promisesLookup.call(this, host, ...rest);
};
for (const name of ['resolve', 'resolve4', 'resolve6']) {
	const original = dns[name];
	dns[name] = function (host, ...rest) {
		record(host);
		return original.call(this, host, ...rest);
	};
}
