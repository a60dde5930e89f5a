import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules (the package scanner's) apply to everything shipped: nodes/ and
// credentials/. Tests and dev scripts run in Node, not in n8n: they may use timers, process,
// fs and child processes, so those rules are off for them; the general TypeScript rules stay.
const communityRulesOff = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules).map((rule) => [rule, 'off']),
);

export default [
	...config,
	{ ignores: ['dist/**', 'node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
	{
		files: ['test/**/*.ts'],
		rules: {
			...communityRulesOff,
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'import-x/no-named-as-default-member': 'off',
			'no-console': 'off',
		},
	},
];
