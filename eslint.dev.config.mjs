// The whole repository's lint (`npm run lint`), run after `n8n-node lint`.
//
// eslint.config.mjs is n8n's config exactly as `@n8n/node-cli` ships it: `"strict": true` in
// package.json makes `n8n-node lint` refuse any other. It lints all TypeScript, tests included,
// so each test file that n8n's rules would flag (timers, process, fs, child processes…) opens
// with a `/* eslint-disable -- test code … */` line. This config is where test code is really
// linted: it runs with --no-inline-config, so those lines (and any other) have no effect here and
// every exception is written below.
import js from '@eslint/js';
import { config } from '@n8n/node-cli/eslint';
import globals from 'globals';

import { ABOVE_LAYERS, LAYERS, ROOT } from './layers.mjs';

// Each layer may import only from itself and the layers below it (layers.mjs): a zone per layer
// forbids every layer above it, and the code above all layers (node files, the trigger).
const layerZones = LAYERS.map(({ folder }, index) => ({
	target: `./${ROOT}/${folder}`,
	from: [...LAYERS.slice(0, index).map((above) => `./${ROOT}/${above.folder}`), ...ABOVE_LAYERS.map((path) => `./${path}`)],
	message: `${folder}/ is below these in layers.mjs: move the shared piece down, or pass it in from above.`,
}));

// n8n's own rules (community nodes, nodes-base) are for what ships: nodes/, credentials/, package.json.
const n8nRulesOff = Object.fromEntries(
	config
		.flatMap((entry) => Object.keys(entry.rules ?? {}))
		.filter((rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'))
		.map((rule) => [rule, 'off']),
);

export default [
	...config,
	{ ignores: ['node_modules/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'import-x/no-restricted-paths': ['error', { zones: layerZones }],
			'import-x/no-cycle': 'error',
		},
	},
	{
		// Tests, the Seedance API simulator's types and the dev scripts' types run in Node, not in n8n.
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			...n8nRulesOff,
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'import-x/no-named-as-default-member': 'off',
			'no-console': 'off',
		},
	},
	{
		// Plain JavaScript: the simulator, the dev scripts, tool configs. CommonJS, except .mjs.
		files: ['**/*.js', '**/*.cjs'],
		...js.configs.recommended,
		languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
	},
	{
		files: ['**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { sourceType: 'module', globals: { ...globals.node } },
	},
];
