/**
 * The test environment of the mutation check (stryker.config.mjs): Node's, except that once a
 * test failed with a mutant active, the rest of that mutant's tests are skipped. One failure
 * already kills the mutant; without this, a mutant in the request path would run every node test
 * each time (Stryker's jest runner can't bail: jest's own bail ends the process).
 */
const { TestEnvironment } = require('jest-environment-node');

/** Stryker names the active mutant here while it runs the tests for it (and never in other runs). */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

/** The mutant a test already failed for (one module for every test file of the process). */
let failedFor;

module.exports = class StopAtFirstFailure extends TestEnvironment {
	async handleTestEvent(event) {
		const mutant = process.env[ACTIVE_MUTANT];
		if (mutant === undefined) return;
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure') failedFor = mutant;
		else if (event.name === 'test_start' && failedFor === mutant) event.test.mode = 'skip';
	}
};
