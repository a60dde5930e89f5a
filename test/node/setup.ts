/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** Shared by the node tests: the simulator as the far end, the node run through n8n's real execution path. */
import { inspect } from 'util';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SeedanceApi } from '../../credentials/SeedanceApi.credentials';
import { Seedance } from '../../nodes/Seedance/Seedance.node';
import { runNode, startNode, storedExecutions, type RunOptions, type RunResult } from '../harness';
import { useMemoryDeduplication } from '../harness/webhook';
import { clockSeam } from '../../nodes/Seedance/shared/clock';
import { startSimulator, type Simulator } from '../simulator';
import { VirtualClock } from '../helpers/virtualClock';

export const API_KEY = 'sk-test-7f3a9c1e5b';

export const SEED_PROMPT =
	'[Figure 1] A boy wearing glasses and a blue T-shirt and [Figure 2] a corgi dog are sitting on the lawn in [Figure 3], in a 3D cartoon style.';
export const SEED_URLS = [1, 2, 3].map((n) => `https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_${n}.png`);
export const SEED_BODY = {
	model: 'doubao-seedance-1-0-lite-i2v-250428',
	content: [
		{ type: 'text', text: SEED_PROMPT },
		...SEED_URLS.map((url) => ({ type: 'image_url', image_url: { url }, role: 'reference_image' })),
	],
};

export function model(value: string, mode: 'list' | 'id' = 'list') {
	return { __rl: true, mode, value };
}

export function referenceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'video',
		operation: 'generateFromReferenceImages',
		model: model('doubao-seedance-1-0-lite-i2v-250428'),
		prompt: SEED_PROMPT,
		referenceImages: { image: SEED_URLS.map((url) => ({ source: 'url', url })) },
		...overrides,
	};
}

type RunExtras = Partial<RunOptions> & { baseUrl?: string; apiKey?: string };

export interface Env {
	sim: Simulator;
	/** n8n's deduplication store, in memory (the node keeps its take-over records there). */
	records: Awaited<ReturnType<typeof useMemoryDeduplication>>;
	/** The time the node and the simulator share (virtual unless the file asked for real time). */
	clock: VirtualClock;
	run(parameters: INodeParameters, options?: RunExtras): Promise<RunResult>;
	start(parameters: INodeParameters, options?: RunExtras): ReturnType<typeof startNode>;
}

export function credentialsFor(baseUrl: string, apiKey = API_KEY) {
	return { seedanceApi: { apiKey, provider: 'custom', baseUrl } };
}

/**
 * A simulator per test file; `run` executes the Seedance node with the given parameters. The node
 * and the simulator share a virtual clock (test/helpers/virtualClock.ts): no test waits real
 * seconds for a backoff, a recovery look, the list's pace or a rate-limit window. n8n's
 * deduplication store (in memory) and its stored executions are emptied after each test.
 */
export function useSimulator(simOptions: Parameters<typeof startSimulator>[0] = {}): Env {
	const env = {} as Env;
	const saved = clockSeam.clock;
	beforeAll(async () => {
		env.clock = new VirtualClock();
		clockSeam.clock = env.clock;
		env.sim = await startSimulator({ port: 0, apiKeys: [API_KEY], progress: 'polls', queuedPolls: 1, runningPolls: 1, clock: env.clock, ...simOptions });
		env.records = await useMemoryDeduplication();
	});
	afterEach(() => {
		env.clock.release();
		env.sim.reset();
		env.records.clear();
		storedExecutions.clear();
	});
	afterAll(async () => {
		clockSeam.clock = saved;
		await env.sim.close();
	});
	const options = ({ baseUrl, apiKey, ...o }: RunExtras = {}): RunOptions => ({
		nodeType: new Seedance(),
		credentialTypes: [new SeedanceApi()],
		credentials: credentialsFor(baseUrl ?? env.sim.arkUrl, apiKey),
		inputItems: [{ json: {} }],
		parameters: {},
		...o,
	});
	env.run = async (parameters, o = {}) => await runNode({ ...options(o), parameters });
	env.start = (parameters, o = {}) => startNode({ ...options(o), parameters });
	return env;
}

/** Everything a user could see of a run: outputs, the error and all its fields, deeply. */
export function everythingShown(result: RunResult): string {
	const errorJson = result.error ? JSON.stringify(result.error) : '';
	return inspect({ items: result.items, error: result.error, errorJson }, { depth: 12, showHidden: true, maxArrayLength: Infinity, maxStringLength: Infinity });
}

/** What n8n stores of the run (run data, with every error's fields), as text. */
export function storedExecutionData(result: RunResult): string {
	return `${JSON.stringify(result.runData)}\n${inspect(result.runData, { depth: 16, showHidden: true, maxArrayLength: Infinity, maxStringLength: Infinity })}`;
}

/**
 * The promises of the README, for any run: one output item per input with its pairedItem (unless
 * the node stopped the run with an error); at most
 * one task per item; no item holds a task it did not create; every task the run created is named
 * in an output item or the error; the key is nowhere, stored execution data included.
 */
export function expectNothingLost(result: RunResult, sim: Simulator, inputCount: number, before: Set<string> = new Set()) {
	// A run the node stopped (no Continue On Fail) has no output; its error must name the tasks.
	const stopped = result.error !== undefined && result.items.length === 0;
	if (!stopped) {
		expect(result.items).toHaveLength(inputCount);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: inputCount }, (_, item) => ({ item })));
	}
	const ours = [...sim.tasks.keys()].filter((id) => !sim.foreign.has(id) && !before.has(id));
	expect(ours.length).toBeLessThanOrEqual(inputCount);
	const shown = everythingShown(result);
	for (const id of ours) expect(shown).toContain(id);
	const outputIds = result.items.map((i) => i.json.id).filter((id) => id !== undefined);
	expect(new Set(outputIds).size).toBe(outputIds.length);
	for (const id of outputIds) expect(ours).toContain(id);
	expect(shown).not.toContain(API_KEY);
	expect(storedExecutionData(result)).not.toContain(API_KEY);
}

export function createRequests(sim: Simulator) {
	return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contents/generations/tasks'));
}

export function jsonOf(result: RunResult): IDataObject[] {
	return result.items.map((item) => item.json);
}
