/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** The credential: its header on the wire and its connection test, as n8n runs them. */
import { SeedanceApi } from '../../credentials/SeedanceApi.credentials';
import { PROVIDERS } from '../../nodes/Seedance/shared/providers';
import { shutdownHarness, testCredential } from '../harness';
import { API_KEY, useSimulator } from './setup';

const env = useSimulator();
afterAll(async () => await shutdownHarness());

describe('Seedance API credential', () => {
	const credential = new SeedanceApi();

	it('sends Authorization: Bearer <key> (the simulator accepts only that exact header)', async () => {
		const result = await env.run({ resource: 'task', operation: 'getMany', limit: 1 });
		expect(result.error).toBeUndefined();
		expect(env.sim.requests[0].auth).toBe('valid');
	});

	it('"Test connection" succeeds with the right key, listing one task and creating nothing', async () => {
		const result = await testCredential(credential, { apiKey: API_KEY, provider: 'custom', baseUrl: env.sim.arkUrl });
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const [request] = env.sim.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/api/v3/contents/generations/tasks', query: { page_num: '1', page_size: '1' }, auth: 'valid' });
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('"Test connection" fails with a wrong key, and says nothing of the key', async () => {
		const result = await testCredential(credential, { apiKey: 'sk-wrong-0000', provider: 'custom', baseUrl: env.sim.chainhubUrl + '/' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The API key was rejected/) });
		expect(result.message).not.toContain('sk-wrong-0000');
	});

	it('"Test connection" says when the base URL is not the API', async () => {
		const result = await testCredential(credential, { apiKey: API_KEY, provider: 'custom', baseUrl: env.sim.origin + '/wrong/v9' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Nothing answers at this Base URL/) });
	});

	it.each([302, 307])('"Test connection" answered with a %d to another origin: not followed, the key never leaves', async (status) => {
		env.sim.fault({ route: 'list', kind: 'redirect', status, toOtherOrigin: true });
		const result = await testCredential(credential, { apiKey: API_KEY, provider: 'custom', baseUrl: env.sim.arkUrl });
		expect(result.status).toBe('Error');
		expect(env.sim.requests.filter((r) => String(r.headers.host).startsWith('localhost'))).toEqual([]);
		expect(result.message).toBe(`The Base URL answers with a redirect (HTTP ${status}), which is not followed: the API key would go with it. Set the Base URL to the address it points to.`);
	});

	it('"Test connection" fails clearly when nothing listens at the base URL', async () => {
		const result = await testCredential(credential, { apiKey: API_KEY, provider: 'custom', baseUrl: 'http://127.0.0.1:9/api/v3' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/ECONNREFUSED/) });
	});

	it('offers the three providers with their documented base URLs, ChainHub first', () => {
		const provider = credential.properties.find((p) => p.name === 'provider')!;
		expect(provider.default).toBe('chainhub');
		expect(provider.options?.map((o: any) => o.value)).toEqual(['chainhub', 'volcengine', 'byteplus', 'custom']);
		expect(PROVIDERS.chainhub.baseUrl).toBe('https://api.chainhub.tech/volc/v1');
		expect(PROVIDERS.volcengine.baseUrl).toBe('https://ark.cn-beijing.volces.com/api/v3');
		expect(PROVIDERS.byteplus.baseUrl).toBe('https://ark.ap-southeast.bytepluses.com/api/v3');
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
	});
});

describe('the connection test base URL, per provider', () => {
	// The expression n8n evaluates, checked for each provider without reaching any real host.
	const expression = String(new SeedanceApi().test.request.baseURL);
	const body = expression.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	 
	const evaluate = new Function('$credentials', `return (${body});`) as (c: object) => string;

	it.each([
		['chainhub', undefined, 'https://api.chainhub.tech/volc/v1'],
		['volcengine', undefined, 'https://ark.cn-beijing.volces.com/api/v3'],
		['byteplus', undefined, 'https://ark.ap-southeast.bytepluses.com/api/v3'],
		['custom', 'http://127.0.0.1:8080/v3//', 'http://127.0.0.1:8080/v3'],
	])('%s', (provider, baseUrl, expected) => {
		expect(evaluate({ provider, baseUrl })).toBe(expected);
	});
});
