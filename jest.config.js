/**
 * Pure units, the node through n8n's real execution path, the built package (npm pack, n8n's
 * scanner, the publish guard: needs `npm run build`), real n8n (e2e), and benchmarks (not tests).
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };

module.exports = {
	// Jest's default 5 s is too short for a first test that loads n8n-core on a cold, busy 2-core
	// machine (a fresh clone's first `npm test`); real hangs are caught by the tests' own timeouts.
	testTimeout: 30_000,
	// Every core (Jest's default leaves one idle: on a 2-core machine the tests would run one file at a time).
	maxWorkers: '100%',
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...common, displayName: 'node', testMatch: ['<rootDir>/test/node/**/*.test.ts'] },
		{ ...common, displayName: 'package', testMatch: ['<rootDir>/test/package/**/*.test.ts'] },
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
		{ ...common, displayName: 'bench', testMatch: ['<rootDir>/test/bench/**/*.bench.ts'] },
	],
};
