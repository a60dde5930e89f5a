import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules (the package scanner's) apply to everything shipped: nodes/ and
// credentials/. Tests and dev scripts run in Node, not in n8n: they may use timers, process and fs.
export default [
	...config,
	{ ignores: ['dist/**', 'node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
	{
		files: ['test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'import-x/no-named-as-default-member': 'off',
			'no-console': 'off',
		},
	},
];
