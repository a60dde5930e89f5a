#!/usr/bin/env node
'use strict';
/**
 * CI only (.ci/run): what a person checks in the browser after `npm start`, through n8n's REST API.
 * Reads what `npm start` printed (file in argv[2]): signs in with the printed login, and checks
 * that the printed workflows list answers and that every example is there at its printed address.
 */
const fs = require('fs');

const lib = require('../scripts/e2e-lib');

async function main() {
	const output = fs.readFileSync(process.argv[2], 'utf8');
	const [, base] = /is running with n8n-nodes-seedance: (http:\/\/\S+)/.exec(output) ?? [];
	const [, email, password] = /Sign in:\s+(\S+@\S+) \/ (\S+)/.exec(output) ?? [];
	if (!base || !email) throw new Error('npm start printed no address or login');
	const url = new URL(base);
	const rest = new lib.N8nRest(`http://127.0.0.1:${url.port}`);
	await rest.login(email, password);

	const list = `${base}/home/workflows`;
	if (!output.includes(list)) throw new Error(`npm start did not print ${list}`);
	const page = await fetch(`http://127.0.0.1:${url.port}/home/workflows`);
	if (page.status !== 200) throw new Error(`${list} answered ${page.status}`);

	for (const example of Object.values(lib.loadExamples())) {
		const address = `${base}/workflow/${example.id}`;
		if (!output.includes(address)) throw new Error(`npm start did not print ${address}`);
		const workflow = await rest.get(`/rest/workflows/${example.id}`);
		if (workflow.name !== example.name) throw new Error(`${address} is "${workflow.name}", not "${example.name}"`);
		console.log(`ok  ${address}  ${workflow.name}`);
	}
	console.log(`ok  signed in as ${email}; ${list} answers`);
}

main().catch((err) => {
	console.error(`npm start check failed: ${err.message}`);
	process.exit(1);
});
