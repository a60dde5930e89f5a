#!/usr/bin/env node
/**
 * Refuses `npm publish` by hand: this package is published by .github/workflows/publish.yml, on a
 * version tag, with npm provenance (which n8n requires of community packages it verifies). The
 * workflow sets RELEASE_MODE=true; nothing else should.
 *
 * The same check as `n8n-node prerelease` (the `prepublishOnly` of @n8n/node-cli's template), run as
 * `prepack` instead: this repo's .npmrc sets ignore-scripts=true, which makes npm skip
 * `prepublishOnly`, while package.json's `publishConfig: { "ignore-scripts": false }` makes
 * `npm publish` run the pack scripts. Packing for any other reason (`npm pack`, `npm start`, the
 * tests) is not affected. Only an explicit `npm publish --ignore-scripts` gets past, as it would
 * past n8n's own guard.
 */
if (process.env.npm_command === 'publish' && !process.env.RELEASE_MODE) {
	console.error(
		[
			'npm publish refused: n8n-nodes-seedance is published from CI, with npm provenance.',
			'Add a CHANGELOG entry, bump "version", commit, then push a tag of that version (e.g. 0.2.0):',
			'.github/workflows/publish.yml builds, tests and publishes it.',
		].join('\n'),
	);
	process.exit(1);
}
