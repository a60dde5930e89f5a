#!/usr/bin/env node
/**
 * n8n's package scanner, `@n8n/scan-community-package` (the version pinned in package.json), run on
 * this repository without the internet: its lint legs, with its own `analyzePackage` and rule set.
 *
 *   node scripts/scan-package.mjs <unpacked tarball dir> [<source dir>]
 *
 * Run as `npx @n8n/scan-community-package <name>`, the scanner works on a published version: it
 * checks its npm provenance, fetches the source commit the provenance names, downloads the tarball,
 * and lints both. Those registry and GitHub steps can only run after a release. What decides the
 * lint result is `analyzePackage(dir, patterns)`, which it exports:
 *   - the tarball leg: the unpacked `npm pack` output, compiled `.js` and package.json (the patterns
 *     are read from the installed scanner's own call, so a scanner update that changes them is noticed);
 *   - the source leg: the repository, with the scanner's exported SOURCE_FILE_PATTERNS.
 * Prints one JSON line per leg and exits 1 if any leg fails. Any attempt to reach a host other than
 * this machine throws (the scanner has no reason to, offline).
 */
import dns from 'node:dns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [packageDir, sourceDir] = process.argv.slice(2).map((dir) => resolve(dir));
if (!packageDir) {
	console.error('usage: node scripts/scan-package.mjs <unpacked tarball dir> [<source dir>]');
	process.exit(2);
}

// Nothing leaves this machine.
const isLocal = (host) => !host || host === 'localhost' || /^(127\.|::1$|::ffff:127\.)/.test(host);
const refuse = (host) => {
	throw new Error(`scan-package: refused to reach ${host}: the scan runs offline`);
};
for (const api of [dns, dns.promises]) {
	const lookup = api.lookup;
	api.lookup = function (host, ...rest) {
		if (!isLocal(host)) refuse(host);
		return lookup.call(this, host, ...rest);
	};
}
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	const options = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : {};
	const host = typeof args[1] === 'string' ? args[1] : options?.host;
	if (!options?.path && !isLocal(host)) refuse(host);
	return connect.apply(this, args);
};

// The scanner makes a temp folder when it loads; keep it in one of ours, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
process.env.TMPDIR = scratch;

let failed = false;
try {
	const require = createRequire(import.meta.url);
	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const { version } = require('@n8n/scan-community-package/package.json');
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scannerPath);

	// analyzePackageByName lints the downloaded tarball with a literal pattern list; use the same.
	const call = /analyzePackage\(\s*packageDir\s*,\s*(\[[^\]]*\])\s*\)/.exec(readFileSync(scannerPath, 'utf8'));
	if (!call) throw new Error(`@n8n/scan-community-package ${version}: its tarball leg changed, re-check this script`);
	const tarballPatterns = JSON.parse(call[1].replace(/'/g, '"'));

	const legs = [{ leg: 'tarball', dir: packageDir, patterns: tarballPatterns }];
	if (sourceDir) legs.push({ leg: 'source', dir: sourceDir, patterns: SOURCE_FILE_PATTERNS });
	for (const { leg, dir, patterns } of legs) {
		const result = await analyzePackage(dir, patterns);
		if (!result.passed) failed = true;
		console.log(
			JSON.stringify({ scanner: version, leg, dir, patterns, passed: result.passed, message: result.message, details: result.details }),
		);
	}
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
