// The mutation check of the core (`npm run mutation`; not part of `npm test`: it takes long).
// Stryker changes one thing at a time in the HTTP layer and in create recovery and runs the tests
// that reach it; a change no test notices (a surviving mutant) is an assertion missing.
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { fileURLToPath } from 'url';

const jest = createRequire(import.meta.url)('./jest.config.js');
const [unit, node] = ['unit', 'node'].map((name) => jest.projects.find((project) => project.displayName === name));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	mutate: ['nodes/Seedance/http/**/*.ts', 'nodes/Seedance/api/recovery.ts'],
	testRunner: 'jest',
	jest: {
		projectType: 'custom',
		// The unit and node projects as one: Stryker's per-test coverage swaps the test environment
		// of the top-level config, which a config made of `projects` would not pass on to them.
		config: {
			...unit,
			displayName: undefined,
			// Node's, except that a mutant's tests stop at the first failure: it is killed then.
			testEnvironment: fileURLToPath(new URL('./test/helpers/stopAtFirstFailure.js', import.meta.url)),
			// Empty rather than undefined: Stryker passes its options on as JSON, which drops an undefined.
			projects: [],
			// Instrumented code runs slower, and the rate gate's virtual-time batches take seconds of
			// CPU each: a slow test is not a failure here (Stryker's own timeout catches a hang).
			testTimeout: 4 * jest.testTimeout,
			testMatch: [...unit.testMatch, ...node.testMatch],
			// About the README's code map, not the mutated code.
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/layers\\.test\\.ts$'],
		},
		// Each mutant runs only the test files that import its file, and in them only the tests that reached it.
		enableFindRelatedTests: true,
	},
	coverageAnalysis: 'perTest',
	// A mutant that TypeScript refuses can't be shipped: it is not run (and not counted).
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	// Each test runner runs the node tests' simulator and n8n-core in one process: two is plenty.
	concurrency: 2,
	// A mutant that loops forever (often on the tests' virtual clock) is stopped after twice the time
	// its tests took plus 20 s: generous, so a loaded machine does not turn slow runs into timeouts.
	timeoutFactor: 2,
	timeoutMS: 20_000,
	// The first run (every test once, with coverage) takes about 2 minutes on an idle machine.
	dryRunTimeoutMinutes: 20,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	clearTextReporter: { reportMutants: false, reportTests: false, logTests: false },
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	// `npm run mutation -- --incremental` tests again only the mutants whose code or tests changed since the last run.
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	// The sandbox (a copy of the repository) lives outside it: `n8n-node lint` lints every file
	// under the repository, and would lint the copy while a run goes on.
	tempDirName: join(tmpdir(), 'n8n-nodes-seedance-stryker'),
	cleanTempDir: 'always',
};
