/** Where each provider's API lives. */
import { resolveBaseUrl } from '../../../nodes/Seedance/shared/providers';

describe('resolveBaseUrl', () => {
	it('resolves the base URL per provider', () => {
		expect(resolveBaseUrl({ provider: 'chainhub' })).toBe('https://api.chainhub.tech/volc/v1');
		expect(resolveBaseUrl({ provider: 'byteplus' })).toBe('https://ark.ap-southeast.bytepluses.com/api/v3');
		expect(resolveBaseUrl({ provider: 'custom', baseUrl: 'http://127.0.0.1:9/api/v3/' })).toBe('http://127.0.0.1:9/api/v3');
	});
});
