#!/usr/bin/env node
/**
 * Keeps `npm ci` working where the registry serves only some platforms' optional binaries.
 *
 * unrs-resolver (pulled in by n8n's lint config) lists a native binding per platform as an
 * optional dependency. A registry copy that lacks, say, the Android builds makes `npm install`
 * leave them out of package-lock.json, and then `npm ci` refuses the lock as out of sync.
 * This records each missing binding with its real os/cpu/libc (no integrity: none could be
 * fetched), so npm sees the lock as complete and skips them on other platforms as usual.
 * Run it after `npm install` changes the lock: node scripts/lock-platform-bindings.js
 */
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

function platformOf(name) {
	const [os, cpu, abi = ''] = name.split('resolver-binding-')[1].split('-');
	const entry = { cpu: [cpu], os: [os] };
	if (os === 'linux') entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
	return entry;
}

const added = [];
for (const [key, pkg] of Object.entries(packages)) {
	if (!key.endsWith('node_modules/unrs-resolver')) continue;
	const base = key.slice(0, -'unrs-resolver'.length);
	for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
		if (packages[`${base}${name}`] || packages[`node_modules/${name}`] || !name.includes('resolver-binding-')) continue;
		const { cpu, os, libc } = platformOf(name);
		packages[`${base}${name}`] = { version, cpu, dev: true, ...(libc ? { libc } : {}), license: 'MIT', optional: true, os };
		added.push(name);
	}
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `recorded ${added.length} platform bindings: ${added.join(', ')}` : 'lock file already complete');
